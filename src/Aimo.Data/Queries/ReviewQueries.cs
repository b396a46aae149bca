using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>A needs_review item with the signature it is about.</summary>
/// <param name="SignatureVersion">The version that went to review; an operator's verdict is about this version.</param>
/// <param name="Superseded">A newer version of the signature was finished since: a verdict here is recorded for this version only.</param>
public sealed record ReviewItemView(
    long Id, string SignatureId, string Tier, string? Host, string? PathTemplate, string Reason, string Detail,
    int? HttpStatus, string? RawExcerpt, string Status, string? ResolutionCategory, string? ResolutionRisk,
    string? ResolutionNote, string? ActedBy, DateTimeOffset? ActedAt, DateTimeOffset CreatedAt, Guid? BatchId,
    long SignatureVersion, bool Superseded);

public sealed class ReviewQueries(IDbContextFactory<AimoDbContext> contexts)
{
    public const int MaxLimit = 500;

    /// <summary>Newest first (by id); <paramref name="status"/> null means every status; <paramref name="before"/> pages by id.</summary>
    public async Task<IReadOnlyList<ReviewItemView>> ListAsync(string? status = null, int limit = 50, long? before = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ReviewItems.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }
        if (before is { } b)
        {
            query = query.Where(r => r.Id < b);
        }
        return await Project(db, query.OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxLimit)))
            .ToListAsync(cancellationToken);
    }

    public async Task<ReviewItemView?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await GetAsync(db, id, cancellationToken);
    }

    internal static Task<ReviewItemView?> GetAsync(AimoDbContext db, long id, CancellationToken cancellationToken) =>
        Project(db, db.ReviewItems.AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<ReviewItemView> Project(AimoDbContext db, IQueryable<Entities.ReviewItemRecord> items) =>
        from r in items
        join s in db.Signatures on r.SignatureId equals s.Id into sigs
        from s in sigs.DefaultIfEmpty()
        select new ReviewItemView(r.Id, r.SignatureId, r.Tier, s == null ? null : s.Host, s == null ? null : s.PathTemplate,
            r.Reason, r.Detail, r.HttpStatus, r.RawExcerpt, r.Status, r.ResolutionCategory, r.ResolutionRisk,
            r.ResolutionNote, r.ActedBy, r.ActedAt, r.CreatedAt, r.BatchId, r.SignatureVersion, s != null && s.Version > r.SignatureVersion);
}
