using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aimo.Core.Signatures;
using Aimo.Data;
using Aimo.Data.Budget;
using Aimo.Data.Llm;
using Aimo.Data.Queue;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Aimo.Worker.Intake;
using Aimo.Worker.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aimo.Worker.Tests.Telemetry;

/// <summary>
/// The worker's telemetry against a real redis-server: a batch span links to the traces of the requests that enqueued its
/// signatures (observed in process with an <see cref="ActivityListener"/>: the worker's own ActivitySource, no exporter
/// in between), and the gauges an operator alerts on report the budget, the backlog and the rate limits.
/// </summary>
public sealed class WorkerTelemetryTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    private static Signature NewSignature(Tier tier) =>
        new($"tel-{Guid.NewGuid():N}", tier, "GET", $"h{Guid.NewGuid():N}.example.com", "/x", ["GET /x"]);

    [Fact]
    public async Task A_batch_span_links_to_the_trace_of_every_request_that_enqueued_its_signatures()
    {
        var identity = new ConsumerIdentity();
        var queue = new SignatureQueue(redis.Redis);
        await queue.EnsureGroupsAsync(CancellationToken.None);
        var enqueue = new SignatureQueue(redis.Redis);
        // Two ingest requests, each in its own trace, as ASP.NET Core starts one per request.
        var requests = new List<ActivityContext>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new Activity("POST /api/signatures").SetIdFormat(ActivityIdFormat.W3C).Start();
            await enqueue.EnqueueAsync([NewSignature(Tier.B), NewSignature(Tier.B)], TimeSpan.FromHours(1));
            requests.Add(request.Context);
        }
        var entries = await queue.ReadAsync(identity.Name, Tier.B, 100);
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.StartsWith("00-", e.TraceParent));

        var started = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var telemetry = new WorkerTelemetry(Meters);
        var batchTelemetry = new BatchTelemetry(telemetry, NullLogger<BatchTelemetry>.Instance);
        using (var unrelated = new Activity("consumer loop").SetIdFormat(ActivityIdFormat.W3C).Start())
        using (var batch = batchTelemetry.StartBatch(Tier.B, entries, probe: false))
        {
            Assert.NotNull(batch);
            Assert.Equal(default, batch.ParentSpanId);
            Assert.Equal(requests.OrderBy(c => c.TraceId.ToHexString()).Select(c => (c.TraceId, c.SpanId)),
                batch.Links.Select(l => (l.Context.TraceId, l.Context.SpanId)).OrderBy(c => c.TraceId.ToHexString()));
            Assert.DoesNotContain(batch.Tags, t => t.Key.StartsWith("gen_ai.", StringComparison.Ordinal));
        }
        Assert.Single(started, a => a.OperationName == "aimo.batch");
    }

    [Fact]
    public async Task The_gauges_report_the_days_budget_the_backlog_per_tier_and_the_rate_limits_in_use()
    {
        await redis.Redis.GetServers()[0].FlushDatabaseAsync();
        var identity = new ConsumerIdentity();
        var queue = new SignatureQueue(redis.Redis);
        await queue.EnsureGroupsAsync(CancellationToken.None);
        await new SignatureQueue(redis.Redis).EnqueueAsync(
            [NewSignature(Tier.A), NewSignature(Tier.A), NewSignature(Tier.C)], TimeSpan.FromHours(1));

        var contexts = new NoDatabase();
        var settings = new BudgetSettingsCache(new BudgetSettingsStore(contexts), redis.Redis,
            Microsoft.Extensions.Options.Options.Create(new WorkerOptions()), TimeProvider.System, NullLogger<BudgetSettingsCache>.Instance);
        // Today's counters as the budget scripts keep them: $4.60 spent and $0.20 reserved of the default $5 (soft limit 90 %).
        await redis.Redis.GetDatabase().HashSetAsync(BudgetKeys.Day(settings.Value.Clock.Today),
        [
            new(BudgetKeys.SeededField, 1), new(BudgetKeys.SpentMicrosField, 4_600_000), new(BudgetKeys.ReservedMicrosField, 200_000),
        ]);
        var rateLimits = new ProviderRateLimits(new RateLimitLedger(redis.Redis),
            new LlmConnection(new Uri("http://llm.test/v1"), "key", "gpt-test"),
            Microsoft.Extensions.Options.Options.Create(new RateLimitOptions { RequestsPerMinute = 100 }), NullLogger<ProviderRateLimits>.Instance);
        for (var i = 0; i < 25; i++)
        {
            await rateLimits.ChargeAsync(10);
        }

        using var telemetry = new WorkerTelemetry(Meters);
        var concurrency = new AdaptiveConcurrency(Microsoft.Extensions.Options.Options.Create(new WorkerOptions { Concurrency = 6 }), TimeProvider.System);
        var readings = new GaugeReadings(concurrency, TimeProvider.System);
        telemetry.ObserveGauges(readings);
        var gauges = new WorkerGauges(readings, telemetry, new BudgetLedger(redis.Redis, contexts), settings, queue, rateLimits,
            NullLogger<WorkerGauges>.Instance);
        await gauges.RefreshAsync(CancellationToken.None);

        Assert.Equal(4.6, Single<double>("aimo.budget.spent"), 6);
        Assert.Equal(0.2, Single<double>("aimo.budget.reserved"), 6);
        Assert.Equal(0.2, Single<double>("aimo.budget.remaining"), 6);
        Assert.Equal(new Dictionary<string, int> { ["open"] = 0, ["soft_limited"] = 1, ["exhausted"] = 0 },
            Snapshot<int>("aimo.budget.state").ToDictionary(m => (string)m.Tags["aimo.budget.state"]!, m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["A"] = 2, ["B"] = 0, ["C"] = 1 }, ByTier<long>("aimo.queue.depth"));
        var ages = ByTier<double>("aimo.queue.oldest_age");
        Assert.InRange(ages["A"], 0, 60);
        Assert.Equal(0, ages["B"]);
        var utilization = Snapshot<double>("aimo.llm.rate_limit.utilization");
        Assert.Equal("requests", Assert.Single(utilization).Tags["aimo.rate_limit.kind"]);
        // 25 of 100 requests a minute, less what refilled since (1.67 a second).
        Assert.InRange(utilization[0].Value, 0.15, 0.25);
        Assert.Equal(6, Single<int>("aimo.worker.concurrency.limit"));
    }

    private IReadOnlyList<CollectedMeasurement<T>> Snapshot<T>(string instrument) where T : struct
    {
        using var collector = new MetricCollector<T>(Meters, WorkerTelemetry.Name, instrument);
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot();
    }

    private T Single<T>(string instrument) where T : struct => Assert.Single(Snapshot<T>(instrument)).Value;

    private Dictionary<string, T> ByTier<T>(string instrument) where T : struct =>
        Snapshot<T>(instrument).ToDictionary(m => (string)m.Tags["tier"]!, m => m.Value);

    /// <summary>The budget day is seeded in Redis, so nothing may reach for PostgreSQL.</summary>
    private sealed class NoDatabase : IDbContextFactory<AimoDbContext>
    {
        public AimoDbContext CreateDbContext() => throw new InvalidOperationException("The test seeds Redis; PostgreSQL is not used.");
    }
}
