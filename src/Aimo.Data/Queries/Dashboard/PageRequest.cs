namespace Aimo.Data.Queries.Dashboard;

/// <summary>A page of a server-side grid: zero-based page, size, and an optional sort column.</summary>
public sealed record PageRequest(int Page, int PageSize, string? SortBy = null, bool Descending = true)
{
    public int Skip => Math.Max(0, Page) * Math.Clamp(PageSize, 1, 500);
    public int Take => Math.Clamp(PageSize, 1, 500);
}

/// <param name="TotalCount">How many rows match, or <see cref="CappedCount.Cap"/> when <paramref name="More"/>.</param>
/// <param name="More">More than <paramref name="TotalCount"/> rows match: counting them all would cost more than the page.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, bool More = false);
