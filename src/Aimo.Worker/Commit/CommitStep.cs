using Aimo.Core.Budget;
using Aimo.Worker.Budget;
using Aimo.Worker.Pipeline;

namespace Aimo.Worker.Commit;

/// <summary>
/// Step 3 of a batch: one PostgreSQL transaction with the batch (every LLM call is recorded with its real spend, even
/// when none of its versions is this batch's to finish), the outcome of each version whose row it moves forward, and
/// the day's spend mirrored. Waits out a PostgreSQL outage rather than lose answers already paid for.
/// </summary>
public sealed partial class CommitStep(IResultStore store, ModelPricing pricing, ILogger<CommitStep> logger)
{
    private static readonly TimeSpan MaxStorageWait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(BatchContext batch, CancellationToken stopping)
    {
        var outcome = batch.Outcome!;
        if (!outcome.Sent && batch.Finished.Count == 0)
        {
            return;
        }
        var budget = batch.Budget!;
        var record = outcome.Sent
            ? BatchRecords.Batch(batch.BatchId, outcome, Micros.ToUsd(batch.JobAnswer is null
                    ? pricing.CostMicros(outcome.EstimatedInputTokens, outcome.EstimatedOutputTokens)
                    : pricing.BatchCostMicros(outcome.EstimatedInputTokens, 0, outcome.EstimatedOutputTokens)),
                // A Batch API job's answer was paid at the batch price (settled with its job); re-asks and splits by the batch's budget.
                Micros.ToUsd(budget.SettledMicros + (batch.JobAnswer?.CostMicros ?? 0)))
            : null;
        if (record is not null && batch.JobAnswer is { } answer)
        {
            (record.BatchJobId, record.BatchApiCostUsd) = (answer.JobId, Micros.ToUsd(answer.CostMicros));
        }
        batch.Receipt = await CommitAsync(new CommitSet(record, batch.Finished, budget.LastSettlement), stopping);
    }

    private async Task<CommitReceipt> CommitAsync(CommitSet set, CancellationToken stopping)
    {
        using var span = Telemetry.BatchTelemetry.StartCommit();
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                // Not cancelled by the batch: a commit under way finishes; the version rule makes a late one harmless.
                return await store.CommitAsync(set, CancellationToken.None);
            }
            catch (Exception ex) when (StorageFaults.IsTransient(ex))
            {
                LogCommitWaiting(logger, ex, wait.TotalSeconds);
                await Task.Delay(wait, stopping);
                wait = wait * 2 > MaxStorageWait ? MaxStorageWait : wait * 2;
            }
        }
    }

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "PostgreSQL unavailable; the batch's results wait to be committed (next try in {Seconds} s)")]
    private static partial void LogCommitWaiting(ILogger logger, Exception exception, double seconds);
}
