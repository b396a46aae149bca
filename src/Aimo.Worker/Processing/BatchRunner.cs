using System.Security.Cryptography;
using System.Text;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm;
using Aimo.Worker.Queue;
using Aimo.Worker.Storage;
using Aimo.Worker.Telemetry;

namespace Aimo.Worker.Processing;

/// <summary>
/// Takes one planned batch to its end: counts the attempt, classifies it with a budget reservation per call, tells
/// the provider's health what happened, defers what the budget held back, holds what an outage left unanswered,
/// commits the rest in one transaction (waiting out a PostgreSQL outage rather than losing paid results), then
/// acknowledges it. Whatever does not finish stays pending in this consumer.
/// </summary>
public sealed partial class BatchRunner(
    WorkQueue queue,
    OwnedEntries owned,
    WorkSource source,
    BatchProcessor processor,
    BatchBudgets budgets,
    TierCGate gate,
    BudgetSettingsCache settings,
    ModelPricing pricing,
    ProviderHealth health,
    BatchStore store,
    BatchTelemetry telemetry,
    TimeProvider time,
    ILogger<BatchRunner> logger)
{
    private static readonly TimeSpan MaxStorageWait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(Tier tier, IReadOnlyList<(QueueEntry Entry, FormattedSignature Formatted)> batch, bool probe, CancellationToken stopping)
    {
        var entries = batch.Select(b => b.Entry).ToList();
        using var watch = owned.Watch(entries, stopping);
        using var activity = telemetry.StartBatch(tier, entries, probe);
        try
        {
            await queue.AddAttemptsAsync(entries, +1);
            var budget = budgets.For(tier);
            var outcome = await processor.ProcessAsync(tier, [.. batch.Select(b => b.Formatted)], budget, watch.Token);
            var budgetSettings = settings.Value;
            if (budget.RefusedEstimateMicros is { } refused)
            {
                gate.Refused(refused, budgetSettings.Settings, budgetSettings.Clock.Today);
            }
            else if (tier == Tier.C)
            {
                gate.Granted();
            }

            var held = await HeldByOutageAsync(outcome, entries, probe);
            var deferred = entries.Where(e => outcome.DeferredIds.Contains(e.SignatureId)).ToList();
            await SetAsideAsync(deferred, held);
            var finished = entries.Except(deferred).Except(held).ToList();
            if (finished.Count == 0 && !outcome.Sent)
            {
                return;
            }

            var batchId = DeterministicBatchId(tier, finished);
            var mirror = budget.LastSettlement is { } last ? new BudgetMirror(last.Day, budgetSettings.Settings.DailyBudgetUsd, last.SpentMicros) : null;
            var set = new CommitSet(batchId, outcome, Micros.ToUsd(pricing.CostMicros(processor.Estimate([.. batch.Select(b => b.Formatted)]))),
                Micros.ToUsd(budget.SettledMicros), finished, new Dictionary<string, Aimo.Data.Entities.ClassificationRecord>(), [], mirror);
            if (!await CommitAsync(set, watch.Token))
            {
                return;
            }
            await queue.AcknowledgeAsync(finished);
            owned.Remove(finished);
            telemetry.Finished(activity, outcome, finished.Count, batchId, budget.SettledMicros);
        }
        catch (OperationCanceledException) when (watch.IsCancellationRequested)
        {
            // Lost to another consumer, or stopping: the entries stay pending, whoever owns them finishes them.
            LogAbandoned(logger, tier, entries.Count);
        }
        catch (Exception ex)
        {
            // Redis unreachable (reservations, attempts) is no fault of the entries: the attempt is taken back. Anything
            // else keeps it, so an entry that keeps breaking its batches ends in review as poison instead of looping.
            BatchTelemetry.Failed(activity, ex);
            LogBatchFailed(logger, ex, tier, entries.Count);
            await SetAsideAsync([], entries, takeBackAttempt: ex is StackExchange.Redis.RedisException or TimeoutException);
        }
    }

    /// <summary>
    /// The entries whose call failed because the provider is down or refuses the setup, when reading is paused: they
    /// wait for the provider instead of flooding needs_review. Before the pause they go to review after the seed's 3 attempts.
    /// </summary>
    private async Task<List<QueueEntry>> HeldByOutageAsync(BatchOutcome outcome, List<QueueEntry> entries, bool probe)
    {
        if (outcome.Failure is not { } failure || failure.Kind == LlmFailureKind.Rejected)
        {
            if (outcome.Responses > 0)
            {
                await health.RecordSuccessAsync();
            }
            return [];
        }
        if (outcome.Responses > 0 && failure.Kind == LlmFailureKind.Transient)
        {
            // Part of the batch was answered: the provider works; the failed part goes to review.
            await health.RecordSuccessAsync();
            return [];
        }
        if (!await health.RecordFailureAsync(failure, probe))
        {
            return [];
        }
        var failedIds = outcome.Reviews.Where(r => r.Reason is Aimo.Data.Entities.ReviewReasons.LlmUnavailable or Aimo.Data.Entities.ReviewReasons.LlmConfiguration)
            .Select(r => r.SignatureId).ToHashSet(StringComparer.Ordinal);
        return [.. entries.Where(e => failedIds.Contains(e.SignatureId))];
    }

    /// <summary>Deferred entries wait for the budget, held ones for the provider or PostgreSQL; neither counts as an attempt.</summary>
    private async Task SetAsideAsync(List<QueueEntry> deferred, List<QueueEntry> held, bool takeBackAttempt = true)
    {
        if (deferred.Count > 0)
        {
            source.Deferred.Add(deferred);
            await queue.MarkDeferredAsync(deferred);
            try
            {
                await store.MarkDeferredAsync(deferred, CancellationToken.None);
            }
            catch (Exception ex) when (StorageFaults.IsTransient(ex))
            {
                // Only the admin UI's row status; the status API reads the queue's pending state.
            }
            LogDeferred(logger, deferred.Count);
        }
        if (held.Count > 0)
        {
            source.Hold(held, time.GetUtcNow() + TimeSpan.FromSeconds(2));
        }
        try
        {
            await queue.AddAttemptsAsync([.. deferred, .. (takeBackAttempt ? held : [])], -1);
        }
        catch (StackExchange.Redis.RedisException)
        {
            // An attempt too many only brings poison one step closer; the entries themselves are safe.
        }
    }

    /// <summary>Commits, waiting out a PostgreSQL outage: the LLM answers are paid for. False when the batch was lost meanwhile.</summary>
    private async Task<bool> CommitAsync(CommitSet set, CancellationToken cancellationToken)
    {
        using var span = BatchTelemetry.StartCommit();
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            if (set.Entries.Any(e => !owned.Owns(e)))
            {
                LogLostBeforeCommit(logger, set.Entries.Count);
                return false;
            }
            try
            {
                await store.CommitAsync(set, CancellationToken.None);
                return true;
            }
            catch (Exception ex) when (StorageFaults.IsTransient(ex))
            {
                LogCommitWaiting(logger, ex, wait.TotalSeconds);
                await Task.Delay(wait, cancellationToken);
                wait = wait * 2 > MaxStorageWait ? MaxStorageWait : wait * 2;
            }
        }
    }

    /// <summary>The same entries always map to the same batch id, so a batch redone after a crash cannot be committed twice.</summary>
    public static Guid DeterministicBatchId(Tier tier, IEnumerable<QueueEntry> entries)
    {
        var key = tier + "|" + string.Join(",", entries.Select(e => e.EntryId).Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return new Guid(hash.AsSpan(0, 16));
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Batch of {Count} tier {Tier} signature(s) failed; held for another try")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, Tier tier, int count);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Budget soft limit: {Count} tier C signature(s) deferred")]
    private static partial void LogDeferred(ILogger logger, int count);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Batch of {Count} tier {Tier} signature(s) abandoned: its entries belong to another consumer now, or the worker is stopping")]
    private static partial void LogAbandoned(ILogger logger, Tier tier, int count);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "PostgreSQL unavailable; the batch's results wait to be committed (next try in {Seconds} s)")]
    private static partial void LogCommitWaiting(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "{Count} entries of a finished batch were taken over by another consumer before the commit; not committed here")]
    private static partial void LogLostBeforeCommit(ILogger logger, int count);
}
