using System.Net;
using System.Text.RegularExpressions;

namespace Aimo.LlmSimulator.Tests;

/// <summary>The model routes, unknown routes, and the <c>x-request-id</c> every response carries.</summary>
public sealed partial class RoutesTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_served_model_is_described_and_an_unknown_one_is_a_json_404()
    {
        using var http = factory.CreateOpenAiHttpClient();

        var found = await (await http.GetAsync("/v1/models/gpt-5-mini")).JsonAsync();
        var missing = await http.GetAsync("/v1/models/gpt-5-mega");

        Assert.Equal(("gpt-5-mini", "model"), (found.GetProperty("id").GetString(), found.GetProperty("object").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = await missing.ErrorAsync();
        Assert.Equal(("The model 'gpt-5-mega' does not exist", "model", "model_not_found"), (error.Message, error.Param, error.Code));
    }

    [Theory]
    [InlineData("GET", "/v1/embeddings")]
    [InlineData("POST", "/v1/completions")]
    [InlineData("GET", "/v1/chat/completions")]
    [InlineData("GET", "/nowhere")]
    public async Task An_unknown_route_gets_a_json_404_naming_it(string method, string path)
    {
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"Invalid URL ({method} {path})", (await response.ErrorAsync()).Message);
    }

    [Fact]
    public async Task Every_response_carries_its_own_request_id()
    {
        using var http = factory.CreateOpenAiHttpClient();
        using var anonymous = factory.CreateOpenAiHttpClient(apiKey: null);
        await factory.ForceAsync("http500");

        var responses = new[]
        {
            await http.PostChatAsync(Wire.Request()),
            await http.PostChatAsync(Wire.Request()),
            await http.PostChatAsync(Wire.Request(extra: ",\"stream\":true")),
            await http.PostChatAsync(Wire.Request(extra: ",\"n\":0")),
            await anonymous.PostChatAsync(Wire.Request()),
            await http.GetAsync("/v1/models"),
            await http.GetAsync("/v1/nowhere"),
            await http.GetAsync("/sim/stats"),
        };

        var ids = responses.Select(r => Assert.Single(r.Headers.GetValues("x-request-id"))).ToList();
        Assert.Equal([500, 200, 200, 400, 401, 200, 404, 200], responses.Select(r => (int)r.StatusCode));
        Assert.All(ids, id => Assert.Matches(RequestId(), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [GeneratedRegex("^req_[0-9a-f]{32}$")]
    private static partial Regex RequestId();
}
