using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// The faults that mimic a production misconfiguration or account problem (revoked key, retired model,
/// unsupported parameter, no credit), as the real OpenAI client sees them.
/// </summary>
public sealed class ConfigurationFaultTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private static readonly List<ChatMessage> Batch = Prompts.Batch(("sig_1", "github.com", "/"));

    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("http401", 401, "invalid_request_error", null, "invalid_api_key", "Incorrect API key provided: ")]
    [InlineData("http404_model", 404, "invalid_request_error", null, "model_not_found", "The model `aimo-sim-1` does not exist or you do not have access to it.")]
    [InlineData("http400_param", 400, "invalid_request_error", "temperature", "unsupported_parameter", "Unsupported parameter: 'temperature' is not supported with this model.")]
    [InlineData("insufficient_quota", 429, "insufficient_quota", null, "insufficient_quota", "You exceeded your current quota, please check your plan and billing details.")]
    public async Task Forced_configuration_faults_answer_like_the_real_API(string fault, int status, string type, string? param, string code, string message)
    {
        await factory.ForceAsync(fault);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => factory.CreateChatClient().GetResponseAsync(Batch, Prompts.JsonMode));

        Assert.Equal(status, ex.Status);
        var error = Wire.ErrorOfBody(ex.GetRawResponse()!.Content.ToString());
        Assert.Equal((type, param, code), (error.Type, error.Param, error.Code));
        Assert.StartsWith(message, error.Message);
        Assert.Equal(1, (await factory.StatsAsync()).Outcome(fault));
    }

    [Fact]
    public async Task Insufficient_quota_carries_no_retry_after_unlike_a_rate_limit()
    {
        await factory.ForceAsync("insufficient_quota");
        await factory.ForceAsync("http429");
        using var http = factory.CreateOpenAiHttpClient();

        var quota = await http.PostChatAsync(Wire.Request());
        var rateLimited = await http.PostChatAsync(Wire.Request());

        Assert.Equal((429, 429), ((int)quota.StatusCode, (int)rateLimited.StatusCode));
        Assert.False(quota.Headers.Contains("Retry-After") || quota.Headers.Contains("retry-after-ms"));
        Assert.Equal(SimulatorFactory.RetryAfterSeconds.ToString(), Assert.Single(rateLimited.Headers.GetValues("Retry-After")));
        Assert.Equal((SimulatorFactory.RetryAfterSeconds * 1000).ToString(), Assert.Single(rateLimited.Headers.GetValues("retry-after-ms")));
    }

    [Theory]
    [InlineData("http401Probability", 401)]
    [InlineData("http404ModelProbability", 404)]
    [InlineData("http400ParamProbability", 400)]
    [InlineData("insufficientQuotaProbability", 429)]
    public async Task Configuration_faults_can_be_drawn_from_the_profile(string probability, int status)
    {
        using var sim = factory.CreateClient();
        (await sim.PutAsync("/sim/faults", JsonContent.Create(new Dictionary<string, object> { [probability] = 1.0 }))).EnsureSuccessStatusCode();
        using var http = factory.CreateOpenAiHttpClient();

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++) statuses.Add((int)(await http.PostChatAsync(Wire.Request())).StatusCode);

        Assert.Equal([status, status, status], statuses);
    }

    [Fact]
    public async Task A_targeted_revoked_key_hits_only_the_matching_requests()
    {
        using var sim = factory.CreateClient();
        (await sim.PostAsJsonAsync("/sim/faults/next", new { fault = "http401", count = 1, match = "dropbox.com" })).EnsureSuccessStatusCode();
        var chat = factory.CreateChatClient();

        var other = await chat.GetResponseAsync(Batch, Prompts.JsonMode);
        var targeted = await Assert.ThrowsAsync<ClientResultException>(() =>
            chat.GetResponseAsync(Prompts.Batch(("sig_2", "www.dropbox.com", "/s/x")), Prompts.JsonMode));

        Assert.Single(Prompts.Parse(other.Text).Results);
        Assert.Equal(401, targeted.Status);
        var state = await sim.GetFromJsonAsync<JsonElement>("/sim/faults");
        Assert.Equal(0, state.GetProperty("forced").GetArrayLength());
    }
}
