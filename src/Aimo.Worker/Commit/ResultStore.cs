using Aimo.Data;
using Aimo.Data.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Live;
using Aimo.Data.Queue;
using Aimo.Data.Results;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Worker.Commit;

/// <summary>
/// The worker's PostgreSQL. One rule decides "this version is done", and the database enforces it: a commit finishes
/// version v of a signature only if it moves the signature's row forward to v (<see cref="VersionRule"/>, a
/// conditional upsert). A commit that loses that race — an older version after a newer one, a worker woken from a long
/// pause after the one that claimed its entries, a batch redone after a crash — writes no result for the version, and
/// the unique (signature, version) indexes of results and review items back the rule up. Each outcome it records also
/// goes into the results feed (<see cref="ResultFeed"/>), in the same transaction.
/// </summary>
public sealed class ResultStore(IDbContextFactory<AimoDbContext> contexts, TimeProvider time, ChangeFeed changes) : IResultStore
{
    public async Task<IReadOnlySet<EntryKey>> FinishedAsync(IReadOnlyCollection<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.Where(e => e.Signature is not null).Select(e => e.SignatureId).Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.Signatures.AsNoTracking().Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Version, cancellationToken);
        return entries.Where(e => versions.TryGetValue(e.SignatureId, out var version) && version >= e.Version).Select(e => e.Key).ToHashSet();
    }

    public async Task<IReadOnlyDictionary<string, ClassificationDraft>> ReusableAsync(
        IReadOnlyCollection<QueueEntry> entries, TimeSpan window, CancellationToken cancellationToken)
    {
        // An operator's requeue asks for a fresh answer; reuse copies only original verdicts (never a copy of a copy,
        // which would stretch the window forever), and only ones made for exactly this content.
        var candidates = entries.Where(e => e.Signature is not null && e.Origin != SignatureQueue.OriginRequeue).ToList();
        if (window <= TimeSpan.Zero || candidates.Count == 0)
        {
            return new Dictionary<string, ClassificationDraft>();
        }
        var ids = candidates.Select(e => e.SignatureId).Distinct().ToList();
        var hashes = candidates.Select(e => e.ContentHash).Distinct().ToList();
        var since = time.GetUtcNow() - window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var results = await db.Classifications.AsNoTracking()
            .Where(c => ids.Contains(c.SignatureId) && hashes.Contains(c.ContentHash) && c.CreatedAt >= since && c.Source != ClassificationSources.Reuse)
            .ToListAsync(cancellationToken);
        var reusable = new Dictionary<string, ClassificationDraft>(StringComparer.Ordinal);
        foreach (var entry in candidates)
        {
            var newest = results.Where(c => c.SignatureId == entry.SignatureId && c.ContentHash == entry.ContentHash)
                .MaxBy(c => (c.CreatedAt, c.Id));
            if (newest is not null)
            {
                reusable[entry.SignatureId] = new ClassificationDraft(newest.Service, newest.Category, newest.Risk, newest.Confidence,
                    newest.Rationale, newest.Model, ClassificationSources.Reuse);
            }
        }
        return reusable;
    }

    public async Task<CommitReceipt> CommitAsync(CommitSet set, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var receipt = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (set.Batch is { } existing && await db.Batches.AnyAsync(b => b.Id == existing.Id, cancellationToken))
            {
                return new CommitReceipt([], [.. set.Outcomes.Select(o => o.Entry)], Repeated: true);
            }
            var now = time.GetUtcNow();
            var recorded = new List<QueueEntry>();
            var discarded = new List<QueueEntry>();
            var feed = new List<ResultFeedRecord>();
            foreach (var outcome in set.Outcomes)
            {
                if (await VersionRule.TryFinishAsync(db, outcome, set.Batch?.Id, now, cancellationToken))
                {
                    recorded.Add(outcome.Entry);
                    feed.Add(BatchRecords.AddOutcome(db, outcome, set.Batch?.Id, now));
                }
                else
                {
                    discarded.Add(outcome.Entry);
                }
            }
            if (set.Batch is { } batch)
            {
                db.Batches.Add(BatchRecords.WithItems(batch, set.Outcomes, recorded));
            }
            await db.SaveChangesAsync(cancellationToken);
            if (set.Mirror is { } mirror)
            {
                await BudgetLedger.MirrorAsync(db, mirror.Day, mirror.BudgetUsd, mirror.SpentMicros, countBatch: set.Batch is not null, now, cancellationToken);
            }
            // Last before the commit: the feed's order lock is held from here to the commit.
            await ResultFeed.AppendAsync(db, feed, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new CommitReceipt(recorded, discarded, Repeated: false);
        });
        if (!receipt.Repeated)
        {
            var outcomes = set.Outcomes.Where(o => receipt.Recorded.Contains(o.Entry)).ToList();
            changes.BatchCommitted(set.Batch?.Tier ?? set.Outcomes.FirstOrDefault()?.Entry.Tier.ToString(),
                outcomes.Count(o => o.Classification is not null), outcomes.Count(o => o.Review is not null));
        }
        return receipt;
    }
}
