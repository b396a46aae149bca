using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>
/// A grid's total, counted up to <see cref="Cap"/> rows and no further: an exact count(*) over a year's signatures
/// reads every row on every page (hundreds of milliseconds), while nobody pages past the first few thousand rows.
/// </summary>
public static class CappedCount
{
    public const int Cap = 10_000;

    /// <summary>The number of rows, or <see cref="Cap"/> with <c>More</c> set when there are more.</summary>
    public static async Task<(int Count, bool More)> CountAsync<T>(IQueryable<T> rows, CancellationToken cancellationToken)
    {
        var count = await rows.Take(Cap + 1).CountAsync(cancellationToken);
        return count > Cap ? (Cap, true) : (count, false);
    }
}
