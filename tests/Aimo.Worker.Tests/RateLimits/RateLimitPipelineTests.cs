using System.Diagnostics.Metrics;
using System.Net;
using Aimo.Data.Llm;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Aimo.Worker.Tests.RateLimits;

/// <summary>
/// The rate-limit handler inside the worker's one retry layer, built as the worker builds it, over a scripted provider
/// and a real redis-server: what each attempt costs in the shared buckets, what the headers teach, what the adaptive
/// concurrency and the metrics are told.
/// </summary>
public sealed class RateLimitPipelineTests : IClassFixture<RedisServer>, IDisposable
{
    private const long Tokens = 1_000;

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly AttemptPipeline _pipeline;

    public RateLimitPipelineTests(RedisServer redis)
    {
        _redis = redis;
        _pipeline = new AttemptPipeline(redis, _services.GetRequiredService<IMeterFactory>());
    }

    private readonly RedisServer _redis;
    private ProviderRateLimits _limits => _pipeline.Limits;
    private AdaptiveConcurrency _concurrency => _pipeline.Concurrency;

    public void Dispose() => _services.Dispose();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    private HttpClient Client(WorkerTelemetry telemetry, Func<int, HttpResponseMessage> respond) => _pipeline.Client(respond, new()
    {
        BaseDelay = TimeSpan.Zero, MaxJitter = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(5), TotalRequestTimeout = TimeSpan.FromSeconds(20),
    });

    /// <summary>One call as the chat client makes it: charged once at admission, then sent through the pipeline.</summary>
    private async Task<HttpStatusCode> CallAsync(HttpClient client)
    {
        using var call = LlmCall.Begin();
        call.Admitted(Tokens, await _limits.ChargeAsync(Tokens));
        using var response = await client.PostAsync("v1/chat/completions", null);
        return response.StatusCode;
    }

    private async Task<long> RequestsChargedAsync() =>
        (long)await _redis.Redis.GetDatabase().HashGetAsync(RateLimitKeys.Buckets(_limits.Provider, _limits.Model),
            RateLimitKeys.RequestsPrefix + "_" + RateLimitKeys.ChargedField);

    private static HttpResponseMessage Status(HttpStatusCode status, int remaining = 500)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}") };
        response.Headers.Add("x-ratelimit-limit-requests", "600");
        response.Headers.Add("x-ratelimit-remaining-requests", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("x-ratelimit-limit-tokens", "2000000");
        response.Headers.Add("x-ratelimit-remaining-tokens", "1900000");
        return response;
    }

    [Fact]
    public async Task A_429_is_retried_by_the_one_retry_layer_without_a_second_charge_and_halves_the_concurrency()
    {
        using var telemetry = new WorkerTelemetry(Meters);
        using var calls = new MetricCollector<long>(Meters, WorkerTelemetry.Name, "aimo.llm.calls");
        using var client = Client(telemetry, attempt => attempt == 1
            ? Status(HttpStatusCode.TooManyRequests)
            : Status(HttpStatusCode.OK));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(client));

        // The provider charged nothing for the refused attempt: the call's one charge covers the retry.
        Assert.Equal(1, await RequestsChargedAsync());
        Assert.Equal(4, _concurrency.Limit);
        var outcomes = calls.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["outcome"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["rate_limited"] = 1, ["ok"] = 1 }, outcomes);
    }

    [Fact]
    public async Task A_retry_after_a_server_error_is_charged_again_because_the_provider_counted_the_failed_attempt()
    {
        using var telemetry = new WorkerTelemetry(Meters);
        using var client = Client(telemetry, attempt => Status(attempt < 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(client));

        Assert.Equal(3, await RequestsChargedAsync());
        Assert.Equal(8, _concurrency.Limit);
    }

    [Fact]
    public async Task Every_response_teaches_the_shared_buckets_the_providers_limits_and_what_it_has_left()
    {
        using var telemetry = new WorkerTelemetry(Meters);
        using var client = Client(telemetry, _ => Status(HttpStatusCode.OK, remaining: 100));

        await CallAsync(client);

        var snapshot = await _limits.SnapshotAsync();
        Assert.Equal(600, snapshot.Requests!.Limit);
        Assert.Equal(2_000_000, snapshot.Tokens!.Limit);
        // What the provider reported, refilled since (10 requests and 33,333 tokens a second): far from a full bucket.
        Assert.InRange(snapshot.Requests.Remaining, 100, 200);
        Assert.InRange(snapshot.Tokens.Remaining, 1_900_000, 1_999_000);
    }

    private sealed class Scripted(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond());
    }
}
