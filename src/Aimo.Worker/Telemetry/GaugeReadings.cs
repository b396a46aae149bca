using System.Diagnostics.Metrics;
using System.Text.Json;
using Aimo.Core.Budget;
using Aimo.Data.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Data.Queue;

namespace Aimo.Worker.Telemetry;

/// <summary>
/// The latest readings behind the worker's gauges. Gauge callbacks run on the exporter's thread and must not do I/O, so
/// <see cref="WorkerGauges"/> reads Redis every few seconds and leaves the values here. Nothing read yet: no measurement.
/// </summary>
public sealed class GaugeReadings(AdaptiveConcurrency concurrency, TimeProvider time)
{
    private volatile BudgetSnapshot? _budget;
    private volatile IReadOnlyList<TierQueue> _queue = [];
    private volatile RateLimitSnapshot? _rateLimits;

    public int ConcurrencyLimit => concurrency.Limit;

    public void Update(BudgetSnapshot budget, IReadOnlyList<TierQueue> queue, RateLimitSnapshot rateLimits)
    {
        _budget = budget;
        _queue = queue;
        _rateLimits = rateLimits;
    }

    public IEnumerable<Measurement<double>> BudgetUsd(Func<BudgetSnapshot, long> micros) =>
        _budget is { } budget ? [new((double)Micros.ToUsd(micros(budget)))] : [];

    public IEnumerable<Measurement<int>> BudgetState() => _budget is { } budget
        ? Enum.GetValues<BudgetState>().Select(s => new Measurement<int>(s == budget.State ? 1 : 0,
            new KeyValuePair<string, object?>("aimo.budget.state", JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()))))
        : [];

    public IEnumerable<Measurement<long>> QueueDepth() =>
        _queue.Select(q => new Measurement<long>(q.Length, new KeyValuePair<string, object?>("tier", q.Tier.ToString())));

    public IEnumerable<Measurement<double>> QueueOldestAge()
    {
        var now = time.GetUtcNow();
        return _queue.Select(q => new Measurement<double>(q.OldestAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0,
            new KeyValuePair<string, object?>("tier", q.Tier.ToString())));
    }

    public IEnumerable<Measurement<double>> RateLimitUtilization()
    {
        if (_rateLimits is not { } limits)
        {
            yield break;
        }
        if (limits.Requests is { } requests)
        {
            yield return new(requests.Utilization, new KeyValuePair<string, object?>("aimo.rate_limit.kind", "requests"));
        }
        if (limits.Tokens is { } tokens)
        {
            yield return new(tokens.Utilization, new KeyValuePair<string, object?>("aimo.rate_limit.kind", "tokens"));
        }
    }
}
