using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Worker.Llm;
using Aimo.Worker.Options;
using Aimo.Worker.Processing;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// Takes read entries to their end: settles those that need no LLM call (poison, already done, reuse), and for
/// one planned batch reserves budget, classifies, commits in one transaction, settles the reservation, then
/// XACKs and XDELs. What fails is left unacknowledged, pending for <see cref="RecoveryLoop"/>.
/// </summary>
public sealed partial class BatchRunner(
    IConnectionMultiplexer redis,
    BatchProcessor processor,
    BatchStore store,
    BudgetLedger ledger,
    SettingsCache settings,
    LlmConnection llm,
    WorkerTelemetry telemetry,
    DeferredEntries deferred,
    IOptions<WorkerOptions> workerOptions,
    ILogger<BatchRunner> logger)
{
    private WorkerOptions Options => workerOptions.Value;

    /// <summary>
    /// Settles what needs no LLM call: unreadable or poison entries → review; entries already finished by
    /// another delivery → acknowledge; recently classified unchanged signatures → reuse. Returns the rest.
    /// </summary>
    public async Task<List<QueueEntry>> PrepareAsync(List<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var poison = entries.Where(e => e.Signature is null || e.Deliveries > Options.MaxDeliveries).ToList();
        var done = await store.AlreadyDoneAsync(entries, cancellationToken);
        var candidates = entries.Except(poison).Where(e => !done.Contains(e.EntryId)).ToList();
        var reused = await store.ReusableAsync(candidates, Options.ReuseWindow, cancellationToken);
        var reusedEntries = candidates.Where(e => reused.ContainsKey(e.SignatureId)).ToList();
        if (poison.Count > 0 || reusedEntries.Count > 0)
        {
            var reviews = poison.Select(e => new ReviewOutcome(e.SignatureId, ReviewReasons.Poison,
                e.Signature is null
                    ? $"Stream entry {e.EntryId} could not be read as a signature."
                    : $"Delivered {e.Deliveries} times (limit {Options.MaxDeliveries}); not sent again.")).ToList();
            var current = settings.Current;
            await store.CommitAsync(new CommitSet(null, null, [.. poison, .. reusedEntries], reused, reviews,
                current.Clock.Today, current.DailyBudgetUsd, null), cancellationToken);
            foreach (var entry in poison)
            {
                LogPoison(logger, entry.EntryId, entry.SignatureId, entry.Deliveries);
            }
        }
        await AcknowledgeAsync([.. poison, .. reusedEntries, .. entries.Where(e => done.Contains(e.EntryId))]);
        return [.. candidates.Except(reusedEntries)];
    }

    public async Task RunBatchAsync(Tier tier, IReadOnlyList<(QueueEntry Entry, FormattedSignature Formatted)> batch, CancellationToken cancellationToken)
    {
        var entries = batch.Select(b => b.Entry).ToList();
        var formatted = batch.Select(b => b.Formatted).ToList();
        using var activity = WorkerTelemetry.Source.StartActivity("aimo.batch");
        activity?.SetTag("aimo.tier", tier.ToString());
        activity?.SetTag("aimo.batch.size", batch.Count);
        try
        {
            var current = settings.Current;
            var day = current.Clock.Today;
            var estimateMicros = BudgetLedger.ToMicros(processor.EstimateCost(llm.Model, formatted));
            var reservation = await ledger.TryReserveAsync(day, tier, estimateMicros, current.DailyBudgetUsd, current.SoftLimitFraction);
            if (reservation.NeedsSeed)
            {
                await ledger.SeedAsync(day, await store.SpentUsdAsync(day, cancellationToken));
                reservation = await ledger.TryReserveAsync(day, tier, estimateMicros, current.DailyBudgetUsd, current.SoftLimitFraction);
            }
            if (!reservation.Allowed)
            {
                await DeferAsync(entries, cancellationToken);
                activity?.SetTag("aimo.deferred", true);
                return;
            }

            BatchOutcome outcome;
            try
            {
                outcome = await processor.ProcessAsync(tier, llm.Model, formatted, cancellationToken);
            }
            catch
            {
                await ledger.SettleAsync(day, estimateMicros, 0);
                throw;
            }
            var actualMicros = outcome.CostUsdActual is { } usd ? BudgetLedger.ToMicros(usd) : 0;
            var (spentMicros, _) = await ledger.SettleAsync(day, estimateMicros, actualMicros);
            var batchId = DeterministicBatchId(tier, entries);
            var committed = await store.CommitAsync(new CommitSet(batchId, outcome, entries, new Dictionary<string, ClassificationRecord>(), [],
                day, current.DailyBudgetUsd, BudgetLedger.ToUsd(spentMicros)), CancellationToken.None);
            await AcknowledgeAsync(entries);
            Record(activity, outcome, committed, batchId);
        }
        catch (Exception ex)
        {
            // Not acknowledged: the entries stay pending and are reclaimed later.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogBatchFailed(logger, ex, tier, batch.Count);
        }
    }

    private void Record(Activity? activity, BatchOutcome outcome, bool committed, Guid batchId)
    {
        var tier = new KeyValuePair<string, object?>("tier", outcome.Tier.ToString());
        var status = outcome.Results.Count == outcome.SignatureCount ? BatchStatuses.Succeeded
            : outcome.Results.Count == 0 ? BatchStatuses.Failed : BatchStatuses.Partial;
        activity?.SetTag("aimo.batch.id", batchId);
        activity?.SetTag("aimo.batch.status", status);
        activity?.SetTag("aimo.batch.committed", committed);
        activity?.SetTag("gen_ai.usage.input_tokens", outcome.InputTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", outcome.OutputTokens);
        activity?.SetTag("aimo.cost_usd", outcome.CostUsdActual is { } c ? (double)c : null);
        activity?.SetTag("aimo.attempts", outcome.Attempts);
        activity?.SetTag("aimo.json_retries", outcome.JsonRetries);
        telemetry.Batches.Add(1, tier, new("status", status));
        telemetry.Signatures.Add(outcome.Results.Count, tier, new("outcome", SignatureStatuses.Classified));
        telemetry.Signatures.Add(outcome.SignatureCount - outcome.Results.Count, tier, new("outcome", SignatureStatuses.NeedsReview));
        telemetry.InputTokens.Add(outcome.InputTokens, tier);
        telemetry.OutputTokens.Add(outcome.OutputTokens, tier);
        if (outcome.CostUsdActual is { } cost)
        {
            telemetry.Cost.Add((double)cost, tier);
        }
        telemetry.Latency.Record(outcome.LatencyMs, tier);
        LogBatchDone(logger, batchId, outcome.Tier, outcome.SignatureCount, outcome.Results.Count, outcome.Attempts, outcome.JsonRetries, outcome.LatencyMs);
    }

    private async Task DeferAsync(List<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        foreach (var entry in entries)
        {
            deferred.Add(entry);
            await db.StringSetAsync(RedisKeys.PendingState(entry.SignatureId), "deferred", null, keepTtl: true);
        }
        await store.MarkDeferredAsync(entries, cancellationToken);
        LogDeferred(logger, entries.Count);
    }

    private async Task AcknowledgeAsync(IReadOnlyList<QueueEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var db = redis.GetDatabase();
        foreach (var tierGroup in entries.GroupBy(e => e.Tier))
        {
            RedisValue[] ids = [.. tierGroup.Select(e => (RedisValue)e.EntryId)];
            await db.StreamAcknowledgeAsync(RedisKeys.Stream(tierGroup.Key), RedisKeys.ConsumerGroup, ids);
            await db.StreamDeleteAsync(RedisKeys.Stream(tierGroup.Key), ids);
        }
        await db.KeyDeleteAsync([.. entries.Where(e => e.Signature is not null).Select(e => (RedisKey)RedisKeys.PendingState(e.SignatureId))]);
    }

    /// <summary>The same entries always map to the same batch id, so a redelivered batch cannot be committed twice.</summary>
    public static Guid DeterministicBatchId(Tier tier, IEnumerable<QueueEntry> entries)
    {
        var key = tier + "|" + string.Join(",", entries.Select(e => e.EntryId).Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return new Guid(hash.AsSpan(0, 16));
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Batch of {Count} tier {Tier} signature(s) failed; left pending for reclaim")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, Tier tier, int count);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Batch {BatchId} tier {Tier}: {Classified}/{Count} classified, {Attempts} attempt(s), {JsonRetries} re-ask(s), {LatencyMs} ms")]
    private static partial void LogBatchDone(ILogger logger, Guid batchId, Tier tier, int count, int classified, int attempts, int jsonRetries, long latencyMs);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Budget soft limit: {Count} tier C signature(s) deferred")]
    private static partial void LogDeferred(ILogger logger, int count);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Poison entry {EntryId} ({SignatureId}) delivered {Deliveries} times → needs_review")]
    private static partial void LogPoison(ILogger logger, string entryId, string signatureId, long deliveries);
}
