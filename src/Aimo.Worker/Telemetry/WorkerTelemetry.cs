using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aimo.Worker.Telemetry;

/// <summary>The worker's ActivitySource and Meter ("Aimo.Worker"); the service defaults export "Aimo.*".</summary>
public sealed class WorkerTelemetry : IDisposable
{
    public const string Name = "Aimo.Worker";

    private readonly Meter _meter;

    public WorkerTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Batches = _meter.CreateCounter<long>("aimo.worker.batches", "{batch}", "LLM batches finished, by tier and status");
        Signatures = _meter.CreateCounter<long>("aimo.worker.signatures", "{signature}", "Signatures finished, by tier and outcome");
        InputTokens = _meter.CreateCounter<long>("aimo.worker.tokens.input", "{token}", "Provider-reported input tokens");
        OutputTokens = _meter.CreateCounter<long>("aimo.worker.tokens.output", "{token}", "Provider-reported output tokens");
        Cost = _meter.CreateCounter<double>("aimo.worker.cost", "USD", "Settled cost of LLM batches");
        Latency = _meter.CreateHistogram<double>("aimo.worker.batch.duration", "s", "Wall time of a batch, with retries and re-asks");
        Reservations = _meter.CreateCounter<long>("aimo.budget.reservations", "{reservation}", "Budget reservations by tier and outcome (granted, refused)");
        Overspends = _meter.CreateCounter<long>("aimo.budget.overspend.events", "{event}", "Budget days on which tier A/B spend passed 100 % of the budget");
        LlmCalls = _meter.CreateCounter<long>("aimo.llm.calls", "{request}",
            "HTTP requests to the LLM provider, every attempt, by outcome: ok, rate_limited, quota_exhausted, server_error, client_error, no_response");
        RateLimitWait = _meter.CreateHistogram<double>("aimo.llm.rate_limit.wait", "s", "How long each LLM call waited for room in the provider's rate limits");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Batches { get; }
    public Counter<long> Signatures { get; }
    public Counter<long> InputTokens { get; }
    public Counter<long> OutputTokens { get; }
    public Counter<double> Cost { get; }
    public Histogram<double> Latency { get; }
    public Counter<long> Reservations { get; }
    public Counter<long> Overspends { get; }
    public Counter<long> LlmCalls { get; }
    public Histogram<double> RateLimitWait { get; }

    /// <summary>Registers the gauges of what this worker holds back (deferred by the budget, held during an outage).</summary>
    public void ObserveHeld(Func<long> deferred, Func<long> held)
    {
        _meter.CreateObservableGauge("aimo.worker.deferred", deferred, "{entry}", "Tier C entries held back by the budget in this worker");
        _meter.CreateObservableGauge("aimo.worker.held", held, "{entry}", "Entries held during an LLM or PostgreSQL outage in this worker");
    }

    /// <summary>Registers the gauges an operator alerts on; their values come from <paramref name="readings"/>, refreshed by <see cref="WorkerGauges"/>.</summary>
    public void ObserveGauges(GaugeReadings readings)
    {
        _meter.CreateObservableGauge("aimo.budget.spent", () => readings.BudgetUsd(b => b.SpentMicros), "USD", "Today's settled spend");
        _meter.CreateObservableGauge("aimo.budget.reserved", () => readings.BudgetUsd(b => b.ReservedMicros), "USD", "Today's reservations of calls in flight");
        _meter.CreateObservableGauge("aimo.budget.remaining", () => readings.BudgetUsd(b => b.RemainingMicros), "USD", "What is left of today's budget");
        _meter.CreateObservableGauge("aimo.budget.state", readings.BudgetState, "1",
            "1 for today's budget state (attribute aimo.budget.state: open, soft_limited, exhausted), 0 for the others");
        _meter.CreateObservableGauge("aimo.queue.depth", readings.QueueDepth, "{entry}",
            "Entries of a tier's stream not finished yet: queued, in flight or deferred");
        _meter.CreateObservableGauge("aimo.queue.oldest_age", readings.QueueOldestAge, "s", "Age of a tier's oldest unfinished entry; 0 when the tier is empty");
        _meter.CreateObservableGauge("aimo.llm.rate_limit.utilization", readings.RateLimitUtilization, "1",
            "Share of the provider's per-minute limit in use, 1 − remaining/limit (attribute aimo.rate_limit.kind: requests, tokens)");
        _meter.CreateObservableGauge("aimo.worker.concurrency.limit", () => readings.ConcurrencyLimit, "{batch}",
            "Batches this worker may have in flight now, adapted to the provider's limits");
    }

    public void Dispose() => _meter.Dispose();
}
