using Aimo.Core;
using static Aimo.Deployment.Tests.ManifestAssertions;

namespace Aimo.Deployment.Tests;

/// <summary>
/// The manifest when the deployment uses a real LLM: chosen by a configured <c>llm</c> connection string, or by
/// <c>Aimo:UseSimulator=false</c> so the key never has to be on the machine that runs azd.
/// </summary>
public sealed class RealLlmManifestTests
{
    private const string ProviderKey = "sk-deployment-test-4f1c9a";

    private const string ConnectionStringSwitch =
        $"--ConnectionStrings:llm=Endpoint=https://example.openai.azure.com/openai/v1;Key={ProviderKey};Model=gpt-4o-mini";

    /// <summary>Azure OpenAI's classic endpoint with a key, as docs/deploy.md writes it.</summary>
    private const string AzureKeySwitch =
        $"--ConnectionStrings:llm=Endpoint=https://example.openai.azure.com/;Key={ProviderKey};Deployment=classify-prod;Model=gpt-4o-mini";

    private const string ManagedIdentitySwitch = "--Aimo:LlmManagedIdentity=true";

    public static TheoryData<string> Switches => new() { ConnectionStringSwitch, AzureKeySwitch, "--Aimo:UseSimulator=false" };

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task The_simulator_is_not_deployed(string llmSwitch)
    {
        var manifest = await PublishedManifest.ForAsync(llmSwitch);

        Assert.Null(manifest.Resources[ResourceNames.LlmSimulator]);
        Assert.DoesNotContain($"{{{ResourceNames.LlmSimulator}.", manifest.Text);
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task The_llm_connection_string_is_a_secret_parameter_wired_to_the_worker(string llmSwitch)
    {
        var manifest = await PublishedManifest.ForAsync(llmSwitch);

        var llm = manifest.Resource(ResourceNames.Llm);
        AssertSecretParameter(llm, ResourceNames.Llm);
        Assert.Equal($"{{{ResourceNames.Llm}.value}}", llm["connectionString"]!.GetValue<string>());
        Assert.Equal($"{{{ResourceNames.Llm}.connectionString}}",
            manifest.Resource(ResourceNames.Worker).Env($"ConnectionStrings__{ResourceNames.Llm}"));
    }

    [Theory]
    [InlineData(ConnectionStringSwitch)]
    [InlineData(AzureKeySwitch)]
    public async Task The_provider_key_given_at_publish_time_stays_out_of_the_manifest(string llmSwitch)
    {
        var manifest = await PublishedManifest.ForAsync(llmSwitch);

        Assert.DoesNotContain(ProviderKey, manifest.Text);
        Assert.DoesNotContain("example.openai.azure.com", manifest.Text);
    }

    [Fact]
    public async Task Only_the_worker_gets_the_llm_connection_string()
    {
        var manifest = await PublishedManifest.ForAsync("--Aimo:UseSimulator=false");

        var consumers = manifest.All.Where(r => r.Resource.Env($"ConnectionStrings__{ResourceNames.Llm}") is not null).Select(r => r.Name);

        Assert.Equal([ResourceNames.Worker], consumers);
    }

    [Fact]
    public async Task With_a_managed_identity_azd_asks_for_its_client_id_and_the_worker_signs_in_with_it()
    {
        var manifest = await PublishedManifest.ForAsync("--Aimo:UseSimulator=false", ManagedIdentitySwitch);

        var parameter = manifest.Resource(ResourceNames.LlmIdentityClientId);
        Assert.Equal("parameter.v0", parameter.Type());
        Assert.False(parameter["inputs"]?["value"]?["secret"]?.GetValue<bool>() ?? false);
        Assert.Equal($"{{{ResourceNames.LlmIdentityClientId}.value}}",
            manifest.Resource(ResourceNames.Worker).Env("Aimo__Llm__ManagedIdentityClientId"));
        // The connection string (endpoint, deployment, model; no key) is still asked for.
        AssertSecretParameter(manifest.Resource(ResourceNames.Llm), ResourceNames.Llm);
    }

    [Fact]
    public async Task With_a_key_there_is_no_identity_to_ask_for()
    {
        var manifest = await PublishedManifest.ForAsync(AzureKeySwitch);

        Assert.Null(manifest.Resources[ResourceNames.LlmIdentityClientId]);
        Assert.Null(manifest.Resource(ResourceNames.Worker).Env("Aimo__Llm__ManagedIdentityClientId"));
    }
}
