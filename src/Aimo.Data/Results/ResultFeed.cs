using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Results;

/// <summary>
/// The results feed: every classification or review outcome, in the order it was committed. Written by the commits
/// that create outcomes (the worker's batch commit, an operator's resolution), in the same transaction; read by
/// feeders with a cursor.
/// </summary>
public sealed class ResultFeed(IDbContextFactory<AimoDbContext> contexts)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The transaction-scoped advisory lock every feed writer holds from taking its seq to its commit ("AIMOFEED").</summary>
    public const long CommitOrderLock = 0x41494D4F46454544;

    /// <summary>
    /// Adds outcome rows to the feed. Call it inside the commit's transaction, as its last write (nothing after it
    /// but the commit).
    /// </summary>
    /// <remarks>
    /// A sequence value is taken at insert, not at commit, so two writers could commit out of seq order and a reader
    /// already past the later seq would skip the earlier one. Holding one transaction-scoped advisory lock from the
    /// insert to the commit makes seq order commit order by construction: a writer takes its seq only after the
    /// previous writer's commit is visible (PostgreSQL releases a transaction's locks after it marks the transaction
    /// committed), so whatever seq a reader sees, every lower seq is either visible or rolled back for good. Writers
    /// queue only for that tail (the insert and the commit); taken last, the lock waits on nobody's row locks.
    /// </remarks>
    public static async Task AppendAsync(AimoDbContext db, IReadOnlyCollection<ResultFeedRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Feed rows are appended inside the commit's transaction: the order lock lasts until its commit.");
        }
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CommitOrderLock})", cancellationToken);
        db.ResultFeed.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> outcomes committed after <paramref name="afterSeq"/>, oldest first.</summary>
    public async Task<ResultsPage> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ResultFeed.AsNoTracking().Where(r => r.Seq > afterSeq).OrderBy(r => r.Seq)
            .Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(ToOutcome).ToList();
        var next = items.Count > 0 ? items[^1].Cursor : FeedCursor.Encode(afterSeq);
        return new ResultsPage(items, next, rows.Count > limit);
    }

    public static ResultOutcome ToOutcome(ResultFeedRecord r) => new(
        FeedCursor.Encode(r.Seq), r.SignatureId, r.SignatureVersion, r.Status,
        r.Service is null ? null : new ResultClassification(r.Service, r.Category!, r.Risk!, r.Confidence ?? 0, r.Rationale ?? "", r.Model ?? "", r.Source ?? ""),
        r.ReviewReason is null ? null : new ResultReview(r.ReviewReason, r.ReviewDetail ?? ""),
        r.BatchId, r.SuspectedInjection, r.CommittedAt);

    /// <summary>The feed row of a classification a commit writes.</summary>
    public static ResultFeedRecord Classified(ClassificationRecord c, bool suspectedInjection) => new()
    {
        SignatureId = c.SignatureId, SignatureVersion = c.SignatureVersion, Status = SignatureStatuses.Classified,
        Service = c.Service, Category = c.Category, Risk = c.Risk, Confidence = c.Confidence, Rationale = c.Rationale,
        Model = c.Model, Source = c.Source, BatchId = c.BatchId, SuspectedInjection = suspectedInjection, CommittedAt = c.CreatedAt,
    };

    /// <summary>The feed row of a review item a commit writes.</summary>
    public static ResultFeedRecord NeedsReview(ReviewItemRecord r, bool suspectedInjection) => new()
    {
        SignatureId = r.SignatureId, SignatureVersion = r.SignatureVersion, Status = SignatureStatuses.NeedsReview,
        ReviewReason = r.Reason, ReviewDetail = r.Detail, BatchId = r.BatchId, SuspectedInjection = suspectedInjection, CommittedAt = r.CreatedAt,
    };
}
