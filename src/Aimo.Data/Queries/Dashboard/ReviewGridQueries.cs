using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

public sealed record ReviewFilter(string? Status = ReviewStatuses.Open, string? Reason = null, string? Tier = null, string? Text = null);

public sealed record ReviewRow(ReviewItemRecord Item, string? Host, string? PathTemplate);

/// <summary>The needs_review queue for the grid: filtered, paged, newest first, with the signature's host and path.</summary>
public sealed class ReviewGridQueries(IDbContextFactory<AimoDbContext> factory)
{
    public async Task<PagedResult<ReviewRow>> ListAsync(PageRequest page, ReviewFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows =
            from r in db.ReviewItems.AsNoTracking()
            join s in db.Signatures on r.SignatureId equals s.Id into ss
            from s in ss.DefaultIfEmpty()
            select new { Item = r, Host = s != null ? s.Host : null, Path = s != null ? s.PathTemplate : null };
        if (!string.IsNullOrEmpty(filter.Status)) rows = rows.Where(x => x.Item.Status == filter.Status);
        if (!string.IsNullOrEmpty(filter.Reason)) rows = rows.Where(x => x.Item.Reason == filter.Reason);
        if (!string.IsNullOrEmpty(filter.Tier)) rows = rows.Where(x => x.Item.Tier == filter.Tier);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = "%" + filter.Text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            rows = rows.Where(x => EF.Functions.ILike(x.Item.SignatureId, pattern) || EF.Functions.ILike(x.Host!, pattern) || EF.Functions.ILike(x.Path!, pattern));
        }
        var total = await rows.CountAsync(cancellationToken);
        var items = await (page.Descending ? rows.OrderByDescending(x => x.Item.Id) : rows.OrderBy(x => x.Item.Id))
            .Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new PagedResult<ReviewRow>(items.Select(x => new ReviewRow(x.Item, x.Host, x.Path)).ToList(), total);
    }
}
