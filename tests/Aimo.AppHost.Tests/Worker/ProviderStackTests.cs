using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Llm;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>One chat request as llm-sim received it (<c>GET /sim/requests</c>): route, authentication and output cap.</summary>
public sealed record ReceivedRequest(int Status, string Path, string Auth, string? Model, int? MaxTokens, int? MaxCompletionTokens)
{
    public static async Task<List<ReceivedRequest>> AnsweredAsync(HttpClient sim) =>
        [.. (await sim.GetFromJsonAsync<JsonElement>("/sim/requests")).GetProperty("requests").EnumerateArray()
            .Select(r => new ReceivedRequest(r.GetProperty("status").GetInt32(), r.GetProperty("path").GetString()!, r.GetProperty("auth").GetString()!,
                r.GetProperty("sentModel").GetString(), Int(r, "maxTokens"), Int(r, "maxCompletionTokens")))
            .Where(r => r.Status == 200)];

    private static int? Int(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetInt32() : null;
}

/// <summary>
/// A stack whose llm-sim plays one provider (<c>Aimo:SimulatorProvider</c>, which also shapes the worker's
/// <c>llm</c> connection string as a user would write it for that provider): the worker classifies a batch through it,
/// and the test reads what the provider received.
/// </summary>
public abstract class ProviderStackTests(string provider, params string[] more)
    : DedicatedStackTests([$"--Aimo:SimulatorProvider={provider}", .. more])
{
    /// <summary>Classifies 20 tier-A signatures and returns the requests llm-sim answered.</summary>
    protected async Task<List<ReceivedRequest>> ClassifyABatchAsync()
    {
        var ids = await H.EnqueueAsync(Tier.A, 20);
        await H.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(60));
        var received = await ReceivedRequest.AnsweredAsync(H.Sim);
        Assert.NotEmpty(received);
        // Priced as the model, whatever the provider calls it: every batch has its actual cost.
        Assert.Equal(0L, await H.Db.CountAsync("SELECT count(*) FROM batches WHERE cost_usd_actual IS NULL OR model <> 'aimo-sim-1'"));
        return received;
    }
}

/// <summary>Azure OpenAI's classic route with a key: deployment in the path, <c>api-version</c>, <c>api-key</c> header; limits learned from <c>remaining</c> headers alone.</summary>
public sealed class AzureOpenAiKeyStackTests() : ProviderStackTests("azure-openai", "--Services:llm-sim:Simulator:Limits:RequestsPerMinute=600")
{
    [Fact]
    public async Task The_worker_calls_the_deployment_route_with_an_api_version_and_the_api_key_header_and_learns_the_limit_from_remaining_headers()
    {
        var received = await ClassifyABatchAsync();

        Assert.All(received, r => Assert.Equal(("/openai/deployments/aimo-classify/chat/completions?api-version=2024-10-21", "api-key"), (r.Path, r.Auth)));
        Assert.All(received, r => Assert.NotNull(r.MaxCompletionTokens));
        // Azure limits each deployment: the shared buckets are the deployment's, as the worker announces them.
        var scope = (string?)await H.Redis.GetDatabase().HashGetAsync(LlmHealthHash.Key, LlmHealthHash.ProviderField);
        Assert.Equal($"{H.Sim.BaseAddress!.Authority}/aimo-classify", scope);
        // Azure announces no limit, only what remains: the shared buckets learned one from that (600 a minute here).
        var snapshot = await new RateLimitLedger(H.Redis).SnapshotAsync(scope!, "aimo-sim-1");
        Assert.InRange(snapshot.Requests!.Limit, 600 - 20, 600);
    }
}

/// <summary>Azure OpenAI's v1 route (<c>/openai/v1/</c>): OpenAI's paths, the deployment as the model, no api-version.</summary>
public sealed class AzureOpenAiV1StackTests() : ProviderStackTests("azure-openai-v1")
{
    [Fact]
    public async Task The_worker_calls_the_v1_route_naming_the_deployment_as_the_model()
    {
        var received = await ClassifyABatchAsync();

        Assert.All(received, r => Assert.Equal(("/openai/v1/chat/completions", "api-key", "aimo-classify"), (r.Path, r.Auth, r.Model)));
    }
}

/// <summary>Azure OpenAI with no key: the worker asks its token credential (here the simulator's stand-in) for a Cognitive Services token.</summary>
public sealed class AzureOpenAiEntraStackTests() : ProviderStackTests("azure-openai-entra")
{
    [Fact]
    public async Task With_no_key_the_worker_sends_an_entra_token_for_the_cognitive_services_scope()
    {
        var received = await ClassifyABatchAsync();

        Assert.All(received, r => Assert.Equal(("/openai/deployments/aimo-classify/chat/completions?api-version=2024-10-21", "entra"), (r.Path, r.Auth)));
    }
}

/// <summary>Ollama reads <c>max_tokens</c> and ignores <c>max_completion_tokens</c>: the worker's cap must arrive in the field it reads.</summary>
public sealed class OllamaStackTests() : ProviderStackTests("ollama")
{
    [Fact]
    public async Task The_output_cap_arrives_as_max_tokens_which_Ollama_honours()
    {
        var received = await ClassifyABatchAsync();

        Assert.All(received, r => Assert.True(r.MaxTokens > 0 && r.MaxCompletionTokens is null,
            $"sent max_tokens={r.MaxTokens}, max_completion_tokens={r.MaxCompletionTokens}: Ollama leaves the output uncapped"));
    }
}

/// <summary>Any other OpenAI-compatible server (vLLM, llama.cpp, LM Studio): bearer key, OpenAI's routes, the cap as <c>max_tokens</c>.</summary>
public sealed class OpenAiCompatibleStackTests() : ProviderStackTests("openai-compatible")
{
    [Fact]
    public async Task The_worker_sends_the_bearer_key_and_the_cap_as_max_tokens()
    {
        var received = await ClassifyABatchAsync();

        Assert.All(received, r => Assert.Equal(("/v1/chat/completions", "bearer"), (r.Path, r.Auth)));
        Assert.All(received, r => Assert.True(r.MaxTokens > 0 && r.MaxCompletionTokens is null));
    }
}

/// <summary>OpenAI itself, on the shared stack (its default provider): bearer key and <c>max_completion_tokens</c>, which OpenAI's reasoning models require.</summary>
public sealed class OpenAiProviderTests(StackFixture fixture) : SharedStackTests(fixture)
{
    [Fact]
    public async Task The_worker_sends_the_bearer_key_and_the_cap_as_max_completion_tokens()
    {
        var ids = await H.EnqueueAsync(Tier.A, 20);
        await H.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(60));

        var received = await ReceivedRequest.AnsweredAsync(H.Sim);
        Assert.NotEmpty(received);
        Assert.All(received, r => Assert.Equal(("/v1/chat/completions", "bearer"), (r.Path, r.Auth)));
        Assert.All(received, r => Assert.True(r.MaxCompletionTokens > 0 && r.MaxTokens is null));
    }
}
