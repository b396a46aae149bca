using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// llm-sim as Azure OpenAI (<c>Simulator:Dialect=Azure</c>): the classic deployments route needs <c>api-version</c>,
/// keys come in the <c>api-key</c> header, a bearer is an Entra token (the stand-in) on the classic route, errors are
/// Azure's, and only <c>remaining</c> rate-limit headers are sent.
/// </summary>
public sealed class AzureDialectTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string Classic = "/openai/deployments/prod-classify/chat/completions";
    private const string EntraStandIn = "sim-entra:https://cognitiveservices.azure.com/.default";

    private WebApplicationFactory<Program> Azure(int requestsPerMinute = 0) => factory.WithWebHostBuilder(b => b
        .UseSetting("Simulator:Dialect", "Azure")
        .UseSetting("Simulator:Deployments:prod-classify", SimulatorFactory.Model)
        .UseSetting("Simulator:Limits:RequestsPerMinute", requestsPerMinute.ToString()));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string? apiKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Wire.Request("ignored-by-azure"), Encoding.UTF8, "application/json") };
        if (apiKey is not null) request.Headers.Add("api-key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http.SendAsync(request);
    }

    [Fact]
    public async Task The_classic_route_without_an_api_version_is_not_found_as_Azure_answers()
    {
        using var http = Azure().CreateClient();

        var response = await PostAsync(http, Classic, apiKey: "key");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"error":{"code":"404","message":"Resource not found"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_api_key_header_on_the_classic_route_is_answered_by_the_deployments_model_with_remaining_headers_only()
    {
        using var http = Azure(requestsPerMinute: 100).CreateClient();

        var response = await PostAsync(http, Classic + "?api-version=2024-10-21", apiKey: "key");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SimulatorFactory.Model, (await response.JsonAsync()).GetProperty("model").GetString());
        Assert.Equal("99", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.False(response.Headers.Contains("x-ratelimit-limit-requests"));
        Assert.False(response.Headers.Contains("x-ratelimit-reset-requests"));
    }

    [Fact]
    public async Task On_the_classic_route_a_bearer_is_accepted_only_as_an_Entra_token()
    {
        using var http = Azure().CreateClient();

        var key = await PostAsync(http, Classic + "?api-version=2024-10-21", bearer: "a-plain-key");
        var token = await PostAsync(http, Classic + "?api-version=2024-10-21", bearer: EntraStandIn);

        Assert.Equal(HttpStatusCode.Unauthorized, key.StatusCode);
        Assert.Contains("\"code\":\"401\"", await key.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task The_v1_route_takes_the_deployment_as_the_model_and_OpenAIs_own_route_is_not_there()
    {
        using var http = Azure().CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/openai/v1/chat/completions") { Content = new StringContent(Wire.Request("prod-classify"), Encoding.UTF8, "application/json") };
        request.Headers.Add("api-key", "key");

        var v1 = await http.SendAsync(request);
        var openAi = await PostAsync(http, "/v1/chat/completions", apiKey: "key");

        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, openAi.StatusCode);
    }

    [Fact]
    public async Task A_rate_limit_is_refused_with_Azures_body_and_retry_after_ms()
    {
        using var http = Azure(requestsPerMinute: 1).CreateClient();

        await PostAsync(http, Classic + "?api-version=2024-10-21", apiKey: "key");
        var refused = await PostAsync(http, Classic + "?api-version=2024-10-21", apiKey: "key");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("429", (await refused.JsonAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.True(refused.Headers.Contains("retry-after-ms"));
        Assert.Equal("0", refused.Headers.GetValues("x-ratelimit-remaining-requests").Single());
    }
}

/// <summary>llm-sim as Ollama (<c>Simulator:Dialect=Ollama</c>): any key or none, <c>max_tokens</c> only, no rate-limit headers or usage details.</summary>
public sealed class OllamaDialectTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private WebApplicationFactory<Program> Ollama() => factory.WithWebHostBuilder(b => b
        .UseSetting("Simulator:Dialect", "Ollama")
        .UseSetting("Simulator:Limits:RequestsPerMinute", "100"));

    [Fact]
    public async Task Max_completion_tokens_is_ignored_and_max_tokens_caps_the_answer()
    {
        using var http = Ollama().CreateClient();

        var ignored = await (await http.PostChatAsync(Wire.Request(extra: ",\"max_completion_tokens\":5"))).JsonAsync();
        var capped = await (await http.PostChatAsync(Wire.Request(extra: ",\"max_tokens\":5"))).JsonAsync();

        Assert.Equal("stop", ignored.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("length", capped.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(5, capped.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task No_key_is_needed_and_no_rate_limit_headers_or_usage_details_are_sent()
    {
        using var http = Ollama().CreateClient();

        var response = await http.PostChatAsync(Wire.Request());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase));
        var usage = (await response.JsonAsync()).GetProperty("usage");
        Assert.False(usage.TryGetProperty("prompt_tokens_details", out _));
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
    }
}
