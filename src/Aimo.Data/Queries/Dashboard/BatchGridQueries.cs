using System.Linq.Expressions;
using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Filters of the batch grid and export; null means "any". From/To bound the start time.</summary>
public sealed record BatchFilter(string? Status = null, string? Tier = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Server-side paged, sorted and filtered list of batches with every metric.</summary>
public sealed class BatchGridQueries(IDbContextFactory<AimoDbContext> factory)
{
    /// <summary>Sortable columns by the name the grid uses (the <see cref="BatchRecord"/> property name).</summary>
    private static readonly Dictionary<string, Expression<Func<BatchRecord, object?>>> SortColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(BatchRecord.StartedAt)] = b => b.StartedAt,
        [nameof(BatchRecord.Tier)] = b => b.Tier,
        [nameof(BatchRecord.SignatureCount)] = b => b.SignatureCount,
        [nameof(BatchRecord.SampleChars)] = b => b.SampleChars,
        [nameof(BatchRecord.InputTokens)] = b => b.InputTokens,
        [nameof(BatchRecord.OutputTokens)] = b => b.OutputTokens,
        [nameof(BatchRecord.CostUsdEstimated)] = b => b.CostUsdEstimated,
        [nameof(BatchRecord.CostUsdActual)] = b => b.CostUsdActual,
        [nameof(BatchRecord.LatencyMs)] = b => b.LatencyMs,
        [nameof(BatchRecord.Attempts)] = b => b.Attempts,
        [nameof(BatchRecord.JsonRetries)] = b => b.JsonRetries,
        [nameof(BatchRecord.SuccessRate)] = b => b.SuccessRate,
        [nameof(BatchRecord.Status)] = b => b.Status,
        [nameof(BatchRecord.Model)] = b => b.Model,
    };

    public async Task<PagedResult<BatchRecord>> ListAsync(PageRequest page, BatchFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);

        var total = await CappedCount.CountAsync(query, cancellationToken);
        var key = page.SortBy is not null && SortColumns.TryGetValue(page.SortBy, out var column) ? column : SortColumns[nameof(BatchRecord.StartedAt)];
        var ordered = page.Descending ? query.OrderByDescending(key) : query.OrderBy(key);
        // Id as tie-breaker keeps paging stable when many batches share a value.
        var items = await ordered.ThenByDescending(b => b.Id).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new PagedResult<BatchRecord>(items, total.Count, total.More);
    }

    /// <summary>The batches a filter selects, by start time; the grid and the export both read this.</summary>
    internal static IQueryable<BatchRecord> Filtered(AimoDbContext db, BatchFilter filter)
    {
        var query = db.Batches.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Status)) query = query.Where(b => b.Status == filter.Status);
        if (!string.IsNullOrEmpty(filter.Tier)) query = query.Where(b => b.Tier == filter.Tier);
        if (filter.From is { } from) query = query.Where(b => b.StartedAt >= from);
        if (filter.To is { } to) query = query.Where(b => b.StartedAt < to);
        return query;
    }
}
