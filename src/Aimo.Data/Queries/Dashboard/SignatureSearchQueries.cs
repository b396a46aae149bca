using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Signature search and export: free text matches id, host or path; the others are exact. From/To bound the last change.</summary>
public sealed record SignatureFilter(string? Text = null, string? Category = null, string? Risk = null, string? Status = null, string? Tier = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>A signature with its current classification: the one made for its current version's content, if any.</summary>
internal sealed class SignatureJoin
{
    public required SignatureRecord Signature { get; init; }
    public ClassificationRecord? Current { get; init; }
}

/// <param name="SuspectedInjection">The current version's text read like instructions to a model; it was classified alone.</param>
public sealed record SignatureRow(
    string Id, string Tier, string Host, string PathTemplate, string Status,
    string? Category, string? Risk, double? Confidence, DateTimeOffset UpdatedAt, bool SuspectedInjection = false);

public sealed record SignatureHistory(
    SignatureRecord Signature, IReadOnlyList<ClassificationRecord> Classifications,
    IReadOnlyList<BatchRecord> Batches, IReadOnlyList<ReviewItemRecord> ReviewItems);

public sealed class SignatureSearchQueries(IDbContextFactory<AimoDbContext> factory)
{
    public async Task<PagedResult<SignatureRow>> SearchAsync(PageRequest page, SignatureFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = Filtered(db, filter);
        // Sorted on the entity, before projecting: EF cannot order by a member of a record it builds with a constructor.
        // The id tie-breaker runs the same way as the column, so (updated_at, id) is one index read forwards or backwards.
        var ordered = (page.SortBy, page.Descending) switch
        {
            ("Host", false) => rows.OrderBy(r => r.Signature.Host).ThenBy(r => r.Signature.Id),
            ("Host", true) => rows.OrderByDescending(r => r.Signature.Host).ThenByDescending(r => r.Signature.Id),
            ("Id", false) => rows.OrderBy(r => r.Signature.Id),
            ("Id", true) => rows.OrderByDescending(r => r.Signature.Id),
            (_, false) => rows.OrderBy(r => r.Signature.UpdatedAt).ThenBy(r => r.Signature.Id),
            _ => rows.OrderByDescending(r => r.Signature.UpdatedAt).ThenByDescending(r => r.Signature.Id),
        };
        var items = await ordered.Skip(page.Skip).Take(page.Take)
            .Select(j => new SignatureRow(j.Signature.Id, j.Signature.Tier, j.Signature.Host, j.Signature.PathTemplate,
                j.Signature.Status, j.Current != null ? j.Current.Category : null, j.Current != null ? j.Current.Risk : null,
                j.Current != null ? j.Current.Confidence : null, j.Signature.UpdatedAt, j.Signature.SuspectedInjection))
            .ToListAsync(cancellationToken);
        // A first page that is not full is the whole result: no count (a search's count reads the trigram index again).
        (int Count, bool More) total = page.Skip == 0 && items.Count < page.Take ? (items.Count, false) : await CappedCount.CountAsync(rows, cancellationToken);
        return new PagedResult<SignatureRow>(items, total.Count, total.More);
    }

    /// <summary>The signatures a filter selects (with an id after <paramref name="afterId"/>), each with its current classification; the grid and the export both read this.</summary>
    internal static IQueryable<SignatureJoin> Filtered(AimoDbContext db, SignatureFilter filter, string? afterId = null)
    {
        // A left join on the unique (signature_id, signature_version): an index lookup per row, never a result made for
        // other content. (A FirstOrDefault or a Take(1) here made EF number every classification with ROW_NUMBER() over
        // a window: the whole table per page at a year's volume.) An export page bounds both sides by its cursor, since
        // the planner merge-joins and would otherwise read the classifications index from its start for every page.
        var signatures = db.Signatures.AsNoTracking();
        var classifications = db.Classifications.AsNoTracking();
        if (afterId is not null)
        {
            signatures = signatures.Where(s => string.Compare(s.Id, afterId) > 0);
            classifications = classifications.Where(c => string.Compare(c.SignatureId, afterId) > 0);
        }
        var rows =
            from s in signatures
            join c in classifications on new { Id = s.Id, Version = s.Version } equals new { Id = c.SignatureId, Version = c.SignatureVersion } into cs
            from current in cs.DefaultIfEmpty()
            select new SignatureJoin { Signature = s, Current = current };
        if (TextPattern.From(filter.Text) is { } pattern)
        {
            // One trigram index over id, host and path joined by a line break (SignatureSearchText.Sql; text from the search
            // box never holds one, so no match spans two fields). Trigram indexes on the columns themselves would also
            // serve `id = …` (pg_trgm 1.6), and the planner chose them over the primary key: seconds per lookup at 2M rows.
            rows = rows.Where(r => EF.Functions.ILike(r.Signature.Id + "\n" + r.Signature.Host + "\n" + r.Signature.PathTemplate, pattern, TextPattern.Escape));
        }
        if (!string.IsNullOrEmpty(filter.Category)) rows = rows.Where(r => r.Current != null && r.Current.Category == filter.Category);
        if (!string.IsNullOrEmpty(filter.Risk)) rows = rows.Where(r => r.Current != null && r.Current.Risk == filter.Risk);
        if (!string.IsNullOrEmpty(filter.Status)) rows = rows.Where(r => r.Signature.Status == filter.Status);
        if (!string.IsNullOrEmpty(filter.Tier)) rows = rows.Where(r => r.Signature.Tier == filter.Tier);
        if (filter.From is { } from) rows = rows.Where(r => r.Signature.UpdatedAt >= from);
        if (filter.To is { } to) rows = rows.Where(r => r.Signature.UpdatedAt < to);
        return rows;
    }

    public async Task<SignatureHistory?> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var signature = await db.Signatures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (signature is null) return null;
        var classifications = await db.Classifications.AsNoTracking().Where(c => c.SignatureId == id)
            .OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);
        var batches = await db.Batches.AsNoTracking().Where(b => db.BatchItems.Any(i => i.BatchId == b.Id && i.SignatureId == id))
            .OrderByDescending(b => b.StartedAt).ToListAsync(cancellationToken);
        var reviews = await db.ReviewItems.AsNoTracking().Where(r => r.SignatureId == id)
            .OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);
        return new SignatureHistory(signature, classifications, batches, reviews);
    }
}
