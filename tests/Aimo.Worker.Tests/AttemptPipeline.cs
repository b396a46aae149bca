using System.Diagnostics.Metrics;
using Aimo.Data.Llm;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Aimo.Worker.Tests;

/// <summary>
/// The LLM client's HTTP pipeline built exactly as the worker builds it — the one retry layer outside, the attempt
/// handler inside — over a scripted transport, with shared rate limits in a real redis-server.
/// </summary>
internal sealed class AttemptPipeline
{
    public static readonly LlmResilienceOptions Fast = new()
    {
        BaseDelay = TimeSpan.Zero, MaxJitter = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromMilliseconds(300), TotalRequestTimeout = TimeSpan.FromSeconds(20),
    };

    public AttemptPipeline(RedisServer redis, IMeterFactory meters, int concurrency = 8)
    {
        Limits = new ProviderRateLimits(new RateLimitLedger(redis.Redis),
            new LlmConnection(new Uri($"http://llm-{Guid.NewGuid():N}.test:8080/v1"), "key", "gpt-test"),
            Microsoft.Extensions.Options.Options.Create(new RateLimitOptions()), NullLogger<ProviderRateLimits>.Instance);
        Concurrency = new AdaptiveConcurrency(Microsoft.Extensions.Options.Options.Create(new WorkerOptions { Concurrency = concurrency }), TimeProvider.System);
        Telemetry = new WorkerTelemetry(meters);
    }

    public ProviderRateLimits Limits { get; }
    public AdaptiveConcurrency Concurrency { get; }
    public WorkerTelemetry Telemetry { get; }

    /// <summary>A client whose transport answers attempt n (1-based) with <paramref name="respond"/>.</summary>
    public HttpClient Client(Func<int, HttpResponseMessage> respond, LlmResilienceOptions? policy = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        LlmClientExtensions.ConfigureResilience(pipeline, policy ?? Fast, TimeProvider.System);
        var attempt = 0;
        var handler = new LlmAttemptHandler(Limits, Concurrency, Telemetry) { InnerHandler = new Scripted(() => respond(Interlocked.Increment(ref attempt))) };
        return new HttpClient(new ResilienceHandler(pipeline.Build()) { InnerHandler = handler }) { BaseAddress = new Uri("http://llm.test/") };
    }

    private sealed class Scripted(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond());
    }
}
