using System.Diagnostics;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Worker.Processing;
using Aimo.Worker.Storage;

namespace Aimo.Worker.Telemetry;

/// <summary>A batch's span, metrics and log line.</summary>
public sealed partial class BatchTelemetry(WorkerTelemetry telemetry, ILogger<BatchTelemetry> logger)
{
    public Activity? StartBatch(Tier tier, int size, bool probe)
    {
        var activity = WorkerTelemetry.Source.StartActivity("aimo.batch");
        activity?.SetTag("aimo.tier", tier.ToString());
        activity?.SetTag("aimo.batch.size", size);
        if (probe)
        {
            activity?.SetTag("aimo.batch.probe", true);
        }
        return activity;
    }

    public void Finished(Activity? activity, BatchOutcome outcome, int finished, Guid batchId, long settledMicros)
    {
        var tier = new KeyValuePair<string, object?>("tier", outcome.Tier.ToString());
        var classified = outcome.Results.Count;
        var status = BatchRecords.Status(classified, finished);
        activity?.SetTag("aimo.batch.id", batchId);
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
        LogBatchDone(logger, batchId, outcome.Tier, finished, classified, outcome.Attempts, outcome.JsonRetries, outcome.LatencyMs);
    }

    public static void Failed(Activity? activity, Exception exception) => activity?.SetStatus(ActivityStatusCode.Error, exception.Message);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Batch {BatchId} tier {Tier}: {Classified}/{Count} classified, {Attempts} attempt(s), {JsonRetries} re-ask(s), {LatencyMs} ms")]
    private static partial void LogBatchDone(ILogger logger, Guid batchId, Tier tier, int count, int classified, int attempts, int jsonRetries, long latencyMs);
}
