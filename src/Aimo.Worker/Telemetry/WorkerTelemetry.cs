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

    /// <summary>Registers the gauges of what this worker holds back (deferred by the budget, held during an outage).</summary>
    public void ObserveHeld(Func<long> deferred, Func<long> held)
    {
        _meter.CreateObservableGauge("aimo.worker.deferred", deferred, "{entry}", "Tier C entries held back by the budget in this worker");
        _meter.CreateObservableGauge("aimo.worker.held", held, "{entry}", "Entries held during an LLM or PostgreSQL outage in this worker");
    }

    public void Dispose() => _meter.Dispose();
}
