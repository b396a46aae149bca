using Aimo.Data;
using Aimo.Data.Queue;
using Aimo.Worker.Ack;
using Aimo.Worker.Budget;
using Aimo.Worker.Classify;
using Aimo.Worker.Commit;
using Aimo.Worker.Telemetry;

namespace Aimo.Worker.Pipeline;

/// <summary>
/// Takes one planned batch through its steps, top to bottom: count the attempt → <see cref="ClassifyStep"/> (a budget
/// reservation per attempt, the one retry layer, re-ask, split) → <see cref="CommitStep"/> (one transaction, the version
/// rule in SQL) → <see cref="AckStep"/>. No step calls back into an earlier one. Whatever does not reach the end —
/// stopping, Redis unreachable, a bug — stays checked out and goes back to the worker's holdings when the batch's
/// checkout is disposed, to be taken again after a pause: nothing is stranded.
/// </summary>
public sealed partial class BatchPipeline(
    IWorkQueue queue, IBudgetAdmission budgets, ClassifyStep classify, CommitStep commit, AckStep ack, BatchTelemetry telemetry,
    ILogger<BatchPipeline> logger)
{
    public async Task RunAsync(BatchContext batch, CancellationToken stopping)
    {
        using var checkout = batch.Checkout;
        using var activity = telemetry.StartBatch(batch.Tier, batch.Entries, batch.Probe);
        var attemptCounted = false;
        try
        {
            await queue.AddAttemptsAsync(batch.Entries, +1);
            attemptCounted = true;
            batch.Budget = budgets.Open(batch.Tier);
            try
            {
                await classify.RunAsync(batch, stopping);
            }
            finally
            {
                budgets.Close(batch.Tier, batch.Budget);
            }
            await commit.RunAsync(batch, stopping);
            await ack.RunAsync(batch);
            telemetry.Finished(activity, batch);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The entries stay pending in Redis; a survivor (or this worker's next run) finishes them.
            LogAbandoned(logger, batch.Tier, batch.Entries.Count);
        }
        catch (Exception ex)
        {
            BatchTelemetry.Failed(activity, ex);
            LogBatchFailed(logger, ex, batch.Tier, batch.Entries.Count);
            if (attemptCounted && RedisFailure.Is(ex))
            {
                // Redis unreachable (reservations, acknowledgements) is no fault of the entries: the attempt is taken back.
                // Anything else keeps it, so an entry that keeps breaking its batches ends in review as poison.
                await TakeBackAttemptAsync(batch);
            }
        }
    }

    private async Task TakeBackAttemptAsync(BatchContext batch)
    {
        try
        {
            await queue.AddAttemptsAsync(batch.Checkout.Entries, -1);
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            // An attempt too many only brings poison one step closer; the entries themselves are safe.
        }
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Batch of {Count} tier {Tier} signature(s) failed; its unfinished entries are tried again")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, Aimo.Core.Signatures.Tier tier, int count);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Batch of {Count} tier {Tier} signature(s) abandoned: the worker is stopping; its entries stay pending")]
    private static partial void LogAbandoned(ILogger logger, Aimo.Core.Signatures.Tier tier, int count);
}
