using Aimo.Core.Batching;
using Aimo.Core.Signatures;
using Aimo.Data.Budget;
using Aimo.Worker.Budget;
using Aimo.Worker.Options;
using Aimo.Worker.Queue;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Processing;

/// <summary>
/// What the consumer works on next, in the design's priority: entries claimed from dead workers, entries held during
/// an outage, then A, then B — always, whatever tier C does — and only then tier C: first what the budget deferred,
/// then new entries, and only when <see cref="TierCGate"/> says the budget could take them.
/// </summary>
public sealed class WorkSource(
    WorkQueue queue, OwnedEntries owned, ReclaimedEntries reclaimed, TierCGate gate, BudgetLedger ledger, BudgetSettingsCache settings,
    IOptions<WorkerOptions> options, IOptions<BatchLimits> limits, TimeProvider time)
{
    private WorkerOptions Options => options.Value;

    /// <summary>Tier C entries the budget held back, still pending in this consumer.</summary>
    public EntryPile Deferred { get; } = new();

    /// <summary>Entries of batches held back by an LLM outage or a PostgreSQL outage, to be tried again first.</summary>
    public EntryPile Held { get; } = new();

    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;

    /// <summary>Holds entries until <paramref name="retryAt"/>; nothing new is read before they were tried again.</summary>
    public void Hold(IEnumerable<QueueEntry> entries, DateTimeOffset retryAt)
    {
        Held.Add(entries);
        _heldUntil = retryAt;
    }

    /// <param name="probe">The LLM is paused and this is the one probe batch: held entries go first, whatever their retry time.</param>
    public async Task<List<QueueEntry>> NextAsync(int max, bool probe, CancellationToken cancellationToken)
    {
        var work = Owned(reclaimed.Drain(max));
        if (work.Count > 0)
        {
            return work;
        }
        if (!Held.IsEmpty)
        {
            // While held entries wait (PostgreSQL or the LLM is down) nothing new is read.
            return time.GetUtcNow() < _heldUntil && !probe ? [] : Owned(Held.Take(max));
        }
        foreach (var tier in new[] { Tier.A, Tier.B })
        {
            var entries = await ReadAsync(tier, max, cancellationToken);
            if (entries.Count > 0)
            {
                return entries;
            }
        }
        var current = settings.Value;
        if (!await gate.IsOpenAsync(() => ledger.SnapshotAsync(current.Clock.Today, current.Limits, cancellationToken), current.Settings, current.Clock.Today))
        {
            return [];
        }
        return Deferred.IsEmpty ? await ReadAsync(Tier.C, max, cancellationToken) : Owned(Deferred.Take(max));
    }

    private async Task<List<QueueEntry>> ReadAsync(Tier tier, int max, CancellationToken cancellationToken)
    {
        var entries = await queue.ReadAsync(tier, max);
        if (entries.Count > 0 && entries.Count < limits.Value.MaxSignatures && Options.Linger > TimeSpan.Zero)
        {
            // Let a partial batch fill up a little; a lone signature still goes out after the linger.
            owned.Add(entries);
            await Task.Delay(Options.Linger, cancellationToken);
            entries.AddRange(await queue.ReadAsync(tier, max - entries.Count));
        }
        owned.Add(entries);
        return entries;
    }

    /// <summary>Drops entries another consumer took meanwhile (their work is that consumer's now).</summary>
    private List<QueueEntry> Owned(List<QueueEntry> entries) => [.. entries.Where(owned.Owns)];
}
