using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.LlmSimulator.Limits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// OpenAI-style per-minute limits, driven by a fake clock: no test sleeps, every number is exact.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string OutputLimit = ",\"max_completion_tokens\":1000";
    private readonly FakeTimeProvider _clock = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _http;
    private readonly HttpClient _sim;

    public RateLimitTests()
    {
        _factory = new SimulatorFactory().WithWebHostBuilder(b => b
            .UseSetting("Simulator:Limits:RequestsPerMinute", "5")
            .ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        _http = new SimulatorFactory.ClientFor(_factory).Http();
        _sim = _factory.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Past_the_request_limit_a_429_says_when_to_come_back_and_capacity_returns_continuously()
    {
        await SetLimitsAsync(requestsPerMinute: 3);

        var admitted = new[] { await _http.PostChatAsync(Wire.Request()), await _http.PostChatAsync(Wire.Request()), await _http.PostChatAsync(Wire.Request()) };
        var refused = await _http.PostChatAsync(Wire.Request());
        _clock.Advance(TimeSpan.FromSeconds(19.9));
        var stillRefused = await _http.PostChatAsync(Wire.Request());
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var again = await _http.PostChatAsync(Wire.Request());

        Assert.All(admitted, r => Assert.Equal("3", Header(r, "x-ratelimit-limit-requests")));
        Assert.Equal(["2", "1", "0"], admitted.Select(r => Header(r, "x-ratelimit-remaining-requests")));
        // Full again once each used request has been replenished: 20 s per request at 3 a minute.
        Assert.Equal(["20s", "40s", "1m0s"], admitted.Select(r => Header(r, "x-ratelimit-reset-requests")));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = await refused.ErrorAsync();
        Assert.Equal(("requests", null, "rate_limit_exceeded"), (error.Type, error.Param, error.Code));
        Assert.Equal("Rate limit reached for aimo-sim-1 in organization org-aimo-simulator on requests per min (RPM): Limit 3, Used 3, Requested 1. "
            + "Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.", error.Message);
        Assert.Equal(("20", "20000"), (Header(refused, "Retry-After"), Header(refused, "retry-after-ms")));
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal(("1", "100"), (Header(stillRefused, "Retry-After"), Header(stillRefused, "retry-after-ms")));
        Assert.Contains("Please try again in 100ms.", (await stillRefused.ErrorAsync()).Message);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_charged_at_admission_as_prompt_plus_the_output_limit()
    {
        var prompt = await PromptTokensAsync();
        var cost = prompt + 1000;
        var limit = (2 * cost) + 500;
        await SetLimitsAsync(tokensPerMinute: limit);

        var first = await _http.PostChatAsync(Wire.Request(extra: OutputLimit));
        var second = await _http.PostChatAsync(Wire.Request(extra: OutputLimit));
        var refused = await _http.PostChatAsync(Wire.Request(extra: OutputLimit));

        Assert.Equal([(limit - cost).ToString(), "500"], new[] { first, second }.Select(r => Header(r, "x-ratelimit-remaining-tokens")));
        Assert.Equal(limit.ToString(), Header(first, "x-ratelimit-limit-tokens"));
        Assert.False(first.Headers.Contains("x-ratelimit-limit-requests"), "only the limits that are on are reported");
        var error = await refused.ErrorAsync();
        Assert.Equal(("tokens", "rate_limit_exceeded"), (error.Type, error.Code));
        Assert.Contains($"on tokens per min (TPM): Limit {limit}, Used {2 * cost}, Requested {cost}. Please try again in ", error.Message);
        var wait = TimeSpan.FromSeconds((cost - 500) / (limit / 60.0));
        Assert.Equal(((long)Math.Ceiling(wait.TotalSeconds)).ToString(), Header(refused, "Retry-After"));
        Assert.Equal(((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(), Header(refused, "retry-after-ms"));
        var stats = await _sim.GetFromJsonAsync<JsonElement>("/sim/stats");
        Assert.Equal((1, 0), (stats.Outcome("rate_limit_tokens"), stats.Outcome("rate_limit_requests")));
        // What the limits counted, for measuring how much of them a client uses: the admitted requests at their cost
        // (the first, which measured the prompt, had no output limit).
        Assert.Equal((3, prompt + (2 * cost)), (stats.GetProperty("admittedRequests").GetInt64(), stats.GetProperty("chargedTokens").GetInt64()));
    }

    [Fact]
    public async Task A_request_refused_by_validation_reports_the_limits_without_being_charged()
    {
        await SetLimitsAsync(requestsPerMinute: 10);

        var invalid = await _http.PostChatAsync(Wire.Request(extra: ",\"temperature\":5"));
        var unknownModel = await _http.PostChatAsync(Wire.Request(model: "gpt-9"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (invalid.StatusCode, unknownModel.StatusCode));
        Assert.Equal(["10", "10"], new[] { invalid, unknownModel }.Select(r => Header(r, "x-ratelimit-remaining-requests")));
    }

    [Fact]
    public async Task Several_choices_charge_the_output_limit_once_per_choice()
    {
        var prompt = await PromptTokensAsync();
        await SetLimitsAsync(tokensPerMinute: 100_000);

        var response = await _http.PostChatAsync(Wire.Request(extra: OutputLimit + ",\"n\":3"));

        Assert.Equal((100_000 - prompt - 3000).ToString(), Header(response, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task A_request_larger_than_the_whole_token_limit_is_refused_without_a_retry_time()
    {
        await SetLimitsAsync(tokensPerMinute: 500);

        var response = await _http.PostChatAsync(Wire.Request(extra: OutputLimit));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        var error = await response.ErrorAsync();
        Assert.StartsWith("Request too large for aimo-sim-1 in organization org-aimo-simulator on tokens per min (TPM): Limit 500, Requested ", error.Message);
        Assert.Equal(("tokens", "rate_limit_exceeded"), (error.Type, error.Code));
    }

    [Fact]
    public async Task A_refused_request_charges_neither_limit()
    {
        var cost = await PromptTokensAsync() + 1000;
        await SetLimitsAsync(requestsPerMinute: 10, tokensPerMinute: cost);

        var admitted = await _http.PostChatAsync(Wire.Request(extra: OutputLimit));
        var refused = await _http.PostChatAsync(Wire.Request(extra: OutputLimit));
        var state = await _sim.GetFromJsonAsync<JsonElement>("/sim/limits");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (admitted.StatusCode, refused.StatusCode));
        Assert.Equal("9", Header(refused, "x-ratelimit-remaining-requests"));
        Assert.Equal(9, state.GetProperty("remainingRequests").GetInt64());
    }

    [Fact]
    public async Task Concurrent_requests_never_overdraw_the_limit()
    {
        await SetLimitsAsync(requestsPerMinute: 50);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => (int)(await _http.PostChatAsync(Wire.Request())).StatusCode));

        Assert.Equal(50, statuses.Count(s => s == 200));
        Assert.Equal(150, statuses.Count(s => s == 429));
        var stats = await _sim.GetFromJsonAsync<JsonElement>("/sim/stats");
        Assert.Equal((50, 150), (stats.Outcome("ok"), stats.Outcome("rate_limit_requests")));
    }

    [Fact]
    public async Task The_reset_headers_use_openai_durations_at_benchmark_scale()
    {
        await SetLimitsAsync(requestsPerMinute: 600, tokensPerMinute: 2_000_000);

        var response = await _http.PostChatAsync(Wire.Request(extra: ",\"max_completion_tokens\":40000"));

        Assert.Equal("100ms", Header(response, "x-ratelimit-reset-requests"));
        Assert.Matches(@"^1\.\d{1,3}s$", Header(response, "x-ratelimit-reset-tokens"));
    }

    [Fact]
    public async Task Configured_limits_apply_from_start_and_reset_restores_them()
    {
        var initial = await _sim.GetFromJsonAsync<JsonElement>("/sim/limits");
        await SetLimitsAsync(requestsPerMinute: 0, tokensPerMinute: 0);
        var unlimited = await _http.PostChatAsync(Wire.Request());
        (await _sim.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();
        var afterReset = await _http.PostChatAsync(Wire.Request());

        Assert.Equal((5, 0), (initial.GetProperty("requestsPerMinute").GetInt32(), initial.GetProperty("tokensPerMinute").GetInt32()));
        Assert.False(unlimited.Headers.Contains("x-ratelimit-limit-requests"));
        Assert.Equal(("5", "4"), (Header(afterReset, "x-ratelimit-limit-requests"), Header(afterReset, "x-ratelimit-remaining-requests")));
    }

    [Theory]
    [InlineData("""{"requestsPerMinute":-1}""", "RequestsPerMinute")]
    [InlineData("""{"tokensPerMinute":-5}""", "TokensPerMinute")]
    public async Task Bad_limits_are_refused_and_the_old_ones_kept(string body, string field)
    {
        var response = await _sim.PutAsync("/sim/limits", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(5, (await _sim.GetFromJsonAsync<JsonElement>("/sim/limits")).GetProperty("requestsPerMinute").GetInt32());
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(17, "17ms")]
    [InlineData(120, "120ms")]
    [InlineData(1000, "1s")]
    [InlineData(1200, "1.2s")]
    [InlineData(8640, "8.64s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(377_280, "6m17.28s")]
    [InlineData(3_600_000, "1h0m0s")]
    public void Durations_are_written_as_openai_writes_them(int milliseconds, string expected)
    {
        Assert.Equal(expected, OpenAiDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    private async Task SetLimitsAsync(int requestsPerMinute = 0, int tokensPerMinute = 0) =>
        (await _sim.PutAsJsonAsync("/sim/limits", new { requestsPerMinute, tokensPerMinute })).EnsureSuccessStatusCode();

    /// <summary>The prompt tokens of <see cref="Wire.Request"/>, read from an unlimited call's usage.</summary>
    private async Task<int> PromptTokensAsync()
    {
        await SetLimitsAsync();
        var body = await (await _http.PostChatAsync(Wire.Request())).JsonAsync();
        return body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}
