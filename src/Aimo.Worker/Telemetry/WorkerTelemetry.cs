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
        Cost = _meter.CreateCounter<double>("aimo.worker.cost", "USD", "Actual cost of LLM batches");
        Latency = _meter.CreateHistogram<double>("aimo.worker.batch.latency", "ms", "Wall time of a batch, with retries and re-asks");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Batches { get; }
    public Counter<long> Signatures { get; }
    public Counter<long> InputTokens { get; }
    public Counter<long> OutputTokens { get; }
    public Counter<double> Cost { get; }
    public Histogram<double> Latency { get; }

    /// <summary>Registers the queue-depth and deferred gauges (read from values the consumer refreshes).</summary>
    public void ObserveQueue(Func<IEnumerable<Measurement<long>>> depths, Func<long> deferred)
    {
        _meter.CreateObservableGauge("aimo.worker.queue.depth", depths, "{entry}", "Unfinished entries per tier stream (XLEN)");
        _meter.CreateObservableGauge("aimo.worker.deferred", deferred, "{entry}", "Tier C entries held back by the budget in this worker");
    }

    public void Dispose() => _meter.Dispose();
}
