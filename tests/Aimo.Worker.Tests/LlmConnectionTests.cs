using Aimo.Core.Pricing;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm;

namespace Aimo.Worker.Tests;

/// <summary>The <c>llm</c> connection string for each provider kind, as the README writes it.</summary>
public sealed class LlmConnectionTests
{
    [Theory]
    [InlineData("https://api.openai.com/v1", LlmProvider.OpenAi)]
    [InlineData("https://contoso.openai.azure.com/", LlmProvider.AzureOpenAi)]
    [InlineData("https://contoso.cognitiveservices.azure.com/openai/v1/", LlmProvider.AzureOpenAi)]
    [InlineData("http://localhost:11434/v1", LlmProvider.Ollama)]
    [InlineData("http://vllm.internal:8000/v1", LlmProvider.OpenAiCompatible)]
    public void The_provider_is_inferred_from_the_host(string endpoint, LlmProvider expected) =>
        Assert.Equal(expected, LlmConnection.Parse($"Endpoint={endpoint};Key=k;Model=m").Provider);

    [Fact]
    public void Provider_overrides_the_host_and_an_unknown_one_is_refused_naming_the_known_ones()
    {
        Assert.Equal(LlmProvider.Ollama, LlmConnection.Parse("Endpoint=http://gpu-box:8080/v1;Model=qwen2.5:7b;Provider=ollama").Provider);

        var error = Assert.Throws<InvalidOperationException>(() => LlmConnection.Parse("Endpoint=http://x/v1;Model=m;Provider=bedrock"));
        Assert.Contains("azure-openai", error.Message);
    }

    [Fact]
    public void Azure_deployments_of_one_model_keep_rate_limits_of_their_own_other_providers_share_per_endpoint()
    {
        var east = LlmConnection.Parse("Endpoint=https://contoso.openai.azure.com/;Key=k;Deployment=classify-a;Model=gpt-4o-mini");
        var west = LlmConnection.Parse("Endpoint=https://contoso.openai.azure.com/;Key=k;Deployment=classify-b;Model=gpt-4o-mini");
        Assert.NotEqual(east.RateLimitScope, west.RateLimitScope);
        Assert.Equal(east.Model, west.Model);

        Assert.Equal("api.openai.com", LlmConnection.Parse("Endpoint=https://api.openai.com/v1;Key=k;Model=gpt-4o-mini").RateLimitScope);
        Assert.Equal("localhost:11434", LlmConnection.Parse("Endpoint=http://localhost:11434/v1;Model=qwen2.5:7b").RateLimitScope);
    }

    [Fact]
    public void Azure_classic_calls_the_deployment_route_and_prices_the_model_named_by_Model()
    {
        var connection = LlmConnection.Parse("Endpoint=https://contoso.openai.azure.com/;Key=k;Deployment=classify-prod;Model=gpt-4o-mini");

        Assert.Equal(("classify-prod", "gpt-4o-mini", false, false), (connection.Deployment, connection.Model, connection.IsAzureV1, connection.UsesEntraId));
        Assert.Equal(new Uri("https://contoso.openai.azure.com/openai/deployments/classify-prod"), ProviderClient.EndpointOf(connection));
        Assert.False(ModelPricing.Resolve(connection.Model, new PricingOptions()).IsFallback);
    }

    [Fact]
    public void Azure_v1_keeps_its_endpoint_and_with_no_key_signs_in_with_Entra_ID()
    {
        var connection = LlmConnection.Parse("Endpoint=https://contoso.openai.azure.com/openai/v1/;Deployment=classify-prod;Model=gpt-4o-mini");

        Assert.True(connection.IsAzureV1);
        Assert.True(connection.UsesEntraId);
        Assert.Equal(new Uri("https://contoso.openai.azure.com/openai/v1"), ProviderClient.EndpointOf(connection));
    }

    [Fact]
    public void An_unpriced_Azure_deployment_name_stops_the_worker_naming_the_price_setting_and_Model()
    {
        var connection = LlmConnection.Parse("Endpoint=https://contoso.openai.azure.com/;Key=k;Deployment=classify-prod");

        var error = Assert.Throws<InvalidOperationException>(() => ModelPricing.Resolve(connection, new PricingOptions()));
        Assert.Contains("Aimo:Pricing:Models:classify-prod:InputPerMillion", error.Message);
        Assert.Contains("Model=", error.Message);
    }
}
