using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Filters of the review grid and export; null means "any". From/To bound when the item was created.</summary>
public sealed record ReviewFilter(string? Status = ReviewStatuses.Open, string? Reason = null, string? Tier = null, string? Text = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <param name="Superseded">A newer version of the signature was finished since: a verdict on this item is recorded for its version only.</param>
public sealed record ReviewRow(ReviewItemRecord Item, string? Host, string? PathTemplate, bool Superseded = false);

/// <summary>A review item joined with its signature's host and path (null when the signature is not stored).</summary>
internal sealed class ReviewJoin
{
    public required ReviewItemRecord Item { get; init; }
    public string? Host { get; init; }
    public string? Path { get; init; }
    public bool Superseded { get; init; }
}

/// <summary>The needs_review queue for the grid: filtered, paged, newest first, with the signature's host and path.</summary>
public sealed class ReviewGridQueries(IDbContextFactory<AimoDbContext> factory)
{
    public async Task<PagedResult<ReviewRow>> ListAsync(PageRequest page, ReviewFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = Filtered(db, filter);
        var total = await CappedCount.CountAsync(rows, cancellationToken);
        var items = await (page.Descending ? rows.OrderByDescending(x => x.Item.Id) : rows.OrderBy(x => x.Item.Id))
            .Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new PagedResult<ReviewRow>(items.Select(x => new ReviewRow(x.Item, x.Host, x.Path, x.Superseded)).ToList(), total.Count, total.More);
    }

    /// <summary>The review items a filter selects; the grid and the export both read this.</summary>
    internal static IQueryable<ReviewJoin> Filtered(AimoDbContext db, ReviewFilter filter)
    {
        var rows =
            from r in db.ReviewItems.AsNoTracking()
            join s in db.Signatures on r.SignatureId equals s.Id into ss
            from s in ss.DefaultIfEmpty()
            select new ReviewJoin
            {
                Item = r, Host = s != null ? s.Host : null, Path = s != null ? s.PathTemplate : null,
                Superseded = s != null && s.Version > r.SignatureVersion,
            };
        if (!string.IsNullOrEmpty(filter.Status)) rows = rows.Where(x => x.Item.Status == filter.Status);
        if (!string.IsNullOrEmpty(filter.Reason)) rows = rows.Where(x => x.Item.Reason == filter.Reason);
        if (!string.IsNullOrEmpty(filter.Tier)) rows = rows.Where(x => x.Item.Tier == filter.Tier);
        if (filter.From is { } from) rows = rows.Where(x => x.Item.CreatedAt >= from);
        if (filter.To is { } to) rows = rows.Where(x => x.Item.CreatedAt < to);
        if (TextPattern.From(filter.Text) is { } pattern)
        {
            rows = rows.Where(x => EF.Functions.ILike(x.Item.SignatureId, pattern, TextPattern.Escape) || EF.Functions.ILike(x.Host!, pattern, TextPattern.Escape) || EF.Functions.ILike(x.Path!, pattern, TextPattern.Escape));
        }
        return rows;
    }
}
