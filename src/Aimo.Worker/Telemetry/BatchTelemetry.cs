using System.Diagnostics;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Worker.Commit;
using Aimo.Worker.Pipeline;

namespace Aimo.Worker.Telemetry;

/// <summary>A batch's span, metrics and log line.</summary>
public sealed partial class BatchTelemetry(WorkerTelemetry telemetry, ILogger<BatchTelemetry> logger)
{
    /// <summary>
    /// Starts the batch's span, a root of its own trace (its LLM calls and the commit are its children), linked to the
    /// trace of every ingest request whose signatures it carries: one batch serves many requests, so links, not a parent.
    /// </summary>
    public Activity? StartBatch(Tier tier, IReadOnlyCollection<QueueEntry> entries, bool probe)
    {
        var links = entries.Select(e => e.TraceParent).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(tp => ActivityContext.TryParse(tp, null, out var context) ? context : default)
            .Where(c => c != default)
            .Select(c => new ActivityLink(c))
            .ToList();
        // Whatever the consumer's loop was doing is not this batch's parent.
        Activity.Current = null;
        var activity = WorkerTelemetry.Source.StartActivity("aimo.batch", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("aimo.tier", tier.ToString());
        activity?.SetTag("aimo.batch.size", entries.Count);
        if (probe)
        {
            activity?.SetTag("aimo.batch.probe", true);
        }
        return activity;
    }

    /// <summary>The commit of a batch's results (PostgreSQL), a child of the batch span.</summary>
    public static Activity? StartCommit() => WorkerTelemetry.Source.StartActivity("aimo.batch.commit");

    public void Finished(Activity? activity, BatchContext batch)
    {
        var outcome = batch.Outcome!;
        var settledMicros = batch.Budget!.SettledMicros;
        var tier = new KeyValuePair<string, object?>("tier", outcome.Tier.ToString());
        var recorded = batch.Receipt?.Recorded.ToHashSet() ?? [];
        var finished = batch.Finished.Count(o => recorded.Contains(o.Entry));
        var classified = batch.Finished.Count(o => o.Classification is not null && recorded.Contains(o.Entry));
        var status = BatchRecords.Status(batch.Finished.Count(o => o.Classification is not null), batch.Finished.Count);
        activity?.SetTag("aimo.batch.id", batch.BatchId);
        activity?.SetTag("aimo.batch.status", status);
        activity?.SetTag("aimo.batch.deferred", outcome.DeferredIds.Count);
        activity?.SetTag("aimo.cost_usd", (double)Micros.ToUsd(settledMicros));
        activity?.SetTag("aimo.attempts", outcome.Attempts);
        activity?.SetTag("aimo.json_retries", outcome.JsonRetries);
        telemetry.Batches.Add(1, tier, new("status", status));
        telemetry.Signatures.Add(classified, tier, new("outcome", SignatureStatuses.Classified));
        telemetry.Signatures.Add(Math.Max(0, finished - classified), tier, new("outcome", SignatureStatuses.NeedsReview));
        telemetry.InputTokens.Add(outcome.InputTokens, tier);
        telemetry.OutputTokens.Add(outcome.OutputTokens, tier);
        telemetry.Cost.Add((double)Micros.ToUsd(settledMicros), tier);
        telemetry.Latency.Record(outcome.LatencyMs / 1000.0, tier);
        LogBatchDone(logger, batch.BatchId, outcome.Tier, finished, classified, outcome.Attempts, outcome.JsonRetries, outcome.LatencyMs);
    }

    public static void Failed(Activity? activity, Exception exception) => activity?.SetStatus(ActivityStatusCode.Error, exception.Message);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Batch {BatchId} tier {Tier}: {Classified}/{Count} classified, {Attempts} attempt(s), {JsonRetries} re-ask(s), {LatencyMs} ms")]
    private static partial void LogBatchDone(ILogger logger, Guid batchId, Tier tier, int count, int classified, int attempts, int jsonRetries, long latencyMs);
}
