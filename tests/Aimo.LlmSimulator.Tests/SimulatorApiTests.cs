using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;

namespace Aimo.LlmSimulator.Tests;

/// <summary>The run-time control API: validation, state, stats and reset.</summary>
public sealed class SimulatorApiTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private readonly HttpClient _http = factory.CreateClient();

    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<object, string> InvalidProfiles => new()
    {
        { new { http500Probability = 1.5 }, "Http500Probability" },
        { new { http429Probability = -0.1 }, "Http429Probability" },
        { new { http500Probability = 0.6, hangProbability = 0.6 }, "Http500Probability" },
        { new { latencyMs = 500, latencyMaxMs = 100 }, "LatencyMaxMs" },
        { new { retryAfterSeconds = -1 }, "RetryAfterSeconds" },
        // Retry-After is whole seconds and at least 1: 0 would tell clients to hammer the server.
        { new { retryAfterSeconds = 0 }, "RetryAfterSeconds" },
        { new { insufficientQuotaProbability = 0.5, stallBodyProbability = 0.6 }, "Http500Probability" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Put_rejects_bad_values_with_problem_details_and_keeps_the_old_profile(object profile, string field)
    {
        var response = await _http.PutAsJsonAsync("/sim/faults", profile);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(field, problem!.Errors.Keys);
        var state = await _http.GetFromJsonAsync<JsonElement>("/sim/faults");
        Assert.Equal(0, state.GetProperty("profile").GetProperty("http500Probability").GetDouble());
    }

    [Fact]
    public async Task Put_then_get_returns_the_new_profile_and_it_takes_effect()
    {
        (await _http.PutAsJsonAsync("/sim/faults", new { http503Probability = 1.0, retryAfterSeconds = 3 })).EnsureSuccessStatusCode();

        var state = await _http.GetFromJsonAsync<JsonElement>("/sim/faults");
        var ex = await Assert.ThrowsAsync<ClientResultException>(() =>
            factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("s", "github.com", "/")), Prompts.JsonMode));

        Assert.Equal(1.0, state.GetProperty("profile").GetProperty("http503Probability").GetDouble());
        Assert.Equal(503, ex.Status);
        Assert.True(ex.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter) && retryAfter == "3");
    }

    [Theory]
    [InlineData("""{"fault":"http500","count":0}""")]
    [InlineData("""{"count":2}""")]
    [InlineData("""{"fault":"http500","sequence":["none"]}""")]
    [InlineData("""{"fault":"no_such_fault"}""")]
    public async Task Forcing_rejects_malformed_requests(string body)
    {
        var response = await _http.PostAsync("/sim/faults/next", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var state = await _http.GetFromJsonAsync<JsonElement>("/sim/faults");
        Assert.Equal(0, state.GetProperty("forced").GetArrayLength());
    }

    [Fact]
    public async Task Stats_count_requests_by_outcome()
    {
        var chat = factory.CreateChatClient();
        await factory.ForceAsync("http429");
        await factory.ForceAsync("code_fence");
        await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode));
        await chat.GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode);
        var ok = await chat.GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode);

        var stats = await _http.GetFromJsonAsync<JsonElement>("/sim/stats");

        Assert.Equal(3, stats.GetProperty("total").GetInt32());
        var byOutcome = stats.GetProperty("byOutcome");
        Assert.Equal(1, byOutcome.GetProperty("http429").GetInt32());
        Assert.Equal(1, byOutcome.GetProperty("code_fence").GetInt32());
        Assert.Equal(1, byOutcome.GetProperty("ok").GetInt32());
        Assert.True(stats.GetProperty("promptTokens").GetInt64() >= 2 * ok.Usage!.InputTokenCount!.Value);
    }

    [Fact]
    public async Task Reset_clears_stats_and_forced_faults_and_restores_the_configured_profile()
    {
        (await _http.PutAsJsonAsync("/sim/faults", new { http500Probability = 1.0 })).EnsureSuccessStatusCode();
        await factory.ForceAsync("hang", 5);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode, cts.Token);
        });

        (await _http.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();

        var state = await _http.GetFromJsonAsync<JsonElement>("/sim/faults");
        var stats = await _http.GetFromJsonAsync<JsonElement>("/sim/stats");
        Assert.Equal(0, state.GetProperty("forced").GetArrayLength());
        Assert.Equal(0, state.GetProperty("profile").GetProperty("http500Probability").GetDouble());
        Assert.Equal(SimulatorFactory.RetryAfterSeconds, state.GetProperty("profile").GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(0, stats.GetProperty("total").GetInt32());
        var response = await factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Concurrent_requests_consume_each_forced_fault_exactly_once()
    {
        await factory.ForceAsync("http500", 10);
        var chat = factory.CreateChatClient();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            try
            {
                await chat.GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode);
                return 200;
            }
            catch (ClientResultException ex)
            {
                return ex.Status;
            }
        }));

        Assert.Equal(10, outcomes.Count(s => s == 500));
        Assert.Equal(20, outcomes.Count(s => s == 200));
        var stats = await _http.GetFromJsonAsync<JsonElement>("/sim/stats");
        Assert.Equal(30, stats.GetProperty("total").GetInt32());
    }
}
