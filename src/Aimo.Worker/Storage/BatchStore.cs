using Aimo.Core.Classification;
using Aimo.Data;
using Aimo.Data.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Live;
using Aimo.Worker.Processing;
using Aimo.Worker.Queue;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Worker.Storage;

/// <summary>
/// The worker's PostgreSQL: what triage needs to know, and the one-transaction commit of a batch. A row only moves to
/// a newer version: a result for an older version is kept as history but never overwrites what a newer one wrote.
/// </summary>
public sealed class BatchStore(IDbContextFactory<AimoDbContext> contexts, TimeProvider time, ChangeFeed changes)
{
    /// <summary>Entries whose version was already finished (committed before a crash kept them from being acknowledged).</summary>
    public async Task<HashSet<string>> AlreadyDoneAsync(IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.Where(e => e.Signature is not null).Select(e => e.SignatureId).Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Signatures.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && (s.Status == SignatureStatuses.Classified || s.Status == SignatureStatuses.NeedsReview))
            .Select(s => new { s.Id, s.Version })
            .ToDictionaryAsync(s => s.Id, s => s.Version, cancellationToken);
        return [.. entries.Where(e => rows.TryGetValue(e.SignatureId, out var version) && version >= e.Version).Select(e => e.EntryId)];
    }

    /// <summary>The newest LLM/operator classification within the window, per signature whose content hash is unchanged.</summary>
    public async Task<Dictionary<string, ClassificationRecord>> ReusableAsync(
        IReadOnlyList<QueueEntry> entries, TimeSpan window, CancellationToken cancellationToken)
    {
        var candidates = entries.Where(e => e.Signature is not null && e.Origin != QueueEntry.OriginRequeue).ToList();
        if (window <= TimeSpan.Zero || candidates.Count == 0)
        {
            return [];
        }
        var ids = candidates.Select(e => e.SignatureId).Distinct().ToList();
        var since = time.GetUtcNow() - window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hashes = await db.Signatures.AsNoTracking().Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.ContentHash, cancellationToken);
        var latest = await db.Classifications.AsNoTracking()
            .Where(c => ids.Contains(c.SignatureId) && c.CreatedAt >= since)
            .GroupBy(c => c.SignatureId)
            .Select(g => g.OrderByDescending(c => c.CreatedAt).First())
            .ToListAsync(cancellationToken);
        return latest
            .Where(c => candidates.Any(e => e.SignatureId == c.SignatureId && hashes.GetValueOrDefault(c.SignatureId) == e.ContentHash))
            .ToDictionary(c => c.SignatureId);
    }

    /// <summary>Marks rows deferred (tier C held back by the budget) so the UI shows why they wait; rows only.</summary>
    public async Task MarkDeferredAsync(IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.Select(e => e.SignatureId).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Signatures.Where(s => ids.Contains(s.Id) && s.Status == SignatureStatuses.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SignatureStatuses.Deferred), cancellationToken);
    }

    /// <summary>Writes everything in one transaction. False when this batch was already committed (a redelivery).</summary>
    public async Task<bool> CommitAsync(CommitSet set, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var committed = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (set.BatchId is { } existing && await db.Batches.AnyAsync(b => b.Id == existing, cancellationToken))
            {
                return false;
            }
            var now = time.GetUtcNow();
            var ids = set.Entries.Where(e => e.Signature is not null).Select(e => e.SignatureId).Distinct().ToList();
            var rows = new SignatureRows(await db.Signatures.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken), db, now);
            var byId = set.Entries.Where(e => e.Signature is not null).ToDictionary(e => e.SignatureId);

            if (set.Outcome is { } outcome && set.BatchId is { } batchId)
            {
                db.Batches.Add(BatchRecords.From(batchId, outcome, set, byId.Keys));
                foreach (var result in outcome.Results.Where(r => byId.ContainsKey(r.Id)))
                {
                    var entry = byId[result.Id];
                    rows.Finish(entry, SignatureStatuses.Classified, batchId);
                    db.Classifications.Add(BatchRecords.Classification(result, entry.Version, batchId, outcome.Model, now));
                }
                foreach (var review in outcome.Reviews.Where(r => byId.ContainsKey(r.SignatureId) && outcome.Results.All(x => x.Id != r.SignatureId)))
                {
                    var entry = byId[review.SignatureId];
                    rows.Finish(entry, SignatureStatuses.NeedsReview, batchId);
                    db.ReviewItems.Add(BatchRecords.Review(review, batchId, entry, now));
                }
            }
            foreach (var (id, reused) in set.Reused)
            {
                rows.Finish(byId[id], SignatureStatuses.Classified, null);
                db.Classifications.Add(BatchRecords.Reuse(reused, byId[id].Version, now));
            }
            foreach (var review in set.ExtraReviews)
            {
                var entry = set.Entries.FirstOrDefault(e => e.SignatureId == review.SignatureId);
                if (entry?.Signature is not null)
                {
                    rows.Finish(entry, SignatureStatuses.NeedsReview, null);
                }
                db.ReviewItems.Add(BatchRecords.Review(review, null, entry, now));
            }
            await db.SaveChangesAsync(cancellationToken);
            if (set.Mirror is { } mirror)
            {
                await BudgetLedger.MirrorAsync(db, mirror.Day, mirror.BudgetUsd, mirror.SpentMicros, countBatch: set.BatchId is not null, now, cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            return true;
        });
        if (committed)
        {
            Announce(set);
        }
        return committed;
    }

    /// <summary>Tells open admin pages that batches (and maybe review items) changed; after the commit, never inside it.</summary>
    private void Announce(CommitSet set)
    {
        var classified = (set.Outcome?.Results.Count ?? 0) + set.Reused.Count;
        var reviews = (set.Outcome?.Reviews.Count ?? 0) + set.ExtraReviews.Count;
        changes.BatchCommitted(set.Entries.FirstOrDefault()?.Tier.ToString(), classified, reviews);
    }
}
