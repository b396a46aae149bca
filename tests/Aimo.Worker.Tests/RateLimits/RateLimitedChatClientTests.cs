using Aimo.Core.Tokens;
using Aimo.Data.Llm;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Aimo.Worker.Tests.FakeChatClient;

namespace Aimo.Worker.Tests.RateLimits;

/// <summary>Admission before each call: charged as OpenAI counts a request, sent only when the shared buckets have room.</summary>
public sealed class RateLimitedChatClientTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _services.Dispose();

    private ProviderRateLimits Limits(int requestsPerMinute) => new(new RateLimitLedger(redis.Redis),
        new LlmConnection(new Uri($"http://llm-{Guid.NewGuid():N}.test/v1"), "key", "gpt-test"),
        Microsoft.Extensions.Options.Options.Create(new RateLimitOptions { RequestsPerMinute = requestsPerMinute, Reserve = TimeSpan.Zero }),
        NullLogger<ProviderRateLimits>.Instance);

    private static readonly List<ChatMessage> Messages = [new(ChatRole.System, "You classify."), new(ChatRole.User, "Classify these.")];

    [Fact]
    public void A_call_is_charged_its_prompt_tokens_as_OpenAI_counts_them_plus_all_the_output_it_may_produce()
    {
        var estimator = TokenEstimator.Default;
        var expected = 3 + (3 + estimator.CountExact("system") + estimator.CountExact("You classify."))
            + (3 + estimator.CountExact("user") + estimator.CountExact("Classify these.")) + 6_256;

        Assert.Equal(expected, RateLimitedChatClient.TokensCharged(Messages, new ChatOptions { MaxOutputTokens = 6_256 }, estimator));
    }

    [Fact]
    public async Task A_call_that_finds_the_request_bucket_empty_waits_its_turn_before_it_reaches_the_provider()
    {
        var limits = Limits(requestsPerMinute: 60);
        // Seventy requests of a sixty-a-minute bucket: the next call is at least ten seconds away, however slowly these went.
        for (var i = 0; i < 70; i++)
        {
            await limits.ChargeAsync(10);
        }
        var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var telemetry = new WorkerTelemetry(meters);
        using var waits = new MetricCollector<double>(meters, WorkerTelemetry.Name, "aimo.llm.rate_limit.wait");
        LlmCall? seen = null;
        var inner = new FakeChatClient((_, _) =>
        {
            seen = LlmCall.Current;
            return Reply("{}");
        });
        var concurrency = new AdaptiveConcurrency(Microsoft.Extensions.Options.Options.Create(new WorkerOptions()), _time);
        using var client = new RateLimitedChatClient(inner, limits, concurrency, TokenEstimator.Default, telemetry, _time);

        var call = client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 100 });
        await waits.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));

        var wait = TimeSpan.FromSeconds(waits.LastMeasurement!.Value);
        Assert.InRange(wait, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(11));
        Assert.Empty(inner.Calls);
        Assert.False(call.IsCompleted);

        // Time moves on by the wait (again, should the delay have been set up after the first step).
        for (var i = 0; i < 100 && !call.IsCompleted; i++)
        {
            _time.Advance(wait);
            await Task.Delay(20);
        }
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(inner.Calls);
        // The HTTP pipeline below sees the admitted call, to charge its retries and feed back its headers.
        Assert.NotNull(seen);
        Assert.Equal(RateLimitedChatClient.TokensCharged(Messages, new ChatOptions { MaxOutputTokens = 100 }, TokenEstimator.Default), seen.Tokens);
        Assert.Null(LlmCall.Current);
    }

    [Fact]
    public async Task With_Redis_unreachable_a_call_goes_unadmitted_instead_of_failing_as_if_the_provider_had()
    {
        await using var down = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=500");
        var limits = new ProviderRateLimits(new RateLimitLedger(down), new LlmConnection(new Uri("http://llm.test/v1"), "key", "gpt-test"),
            Microsoft.Extensions.Options.Options.Create(new RateLimitOptions()), NullLogger<ProviderRateLimits>.Instance);
        using var telemetry = new WorkerTelemetry(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var inner = new FakeChatClient((_, _) => Reply("{}"));
        var concurrency = new AdaptiveConcurrency(Microsoft.Extensions.Options.Options.Create(new WorkerOptions()), _time);
        using var client = new RateLimitedChatClient(inner, limits, concurrency, TokenEstimator.Default, telemetry, _time);

        await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 100 }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(inner.Calls);
    }
}
