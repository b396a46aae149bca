using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Spend of one model on one tier in one time bucket.</summary>
/// <param name="Bucket">Index into the <see cref="TimeBuckets"/> asked for.</param>
/// <param name="BatchApiUsd">Of <paramref name="CostUsd"/>, what the provider's Batch API billed; the rest was paid synchronously.</param>
/// <param name="UnpricedBatches">Batches whose model had no price: counted at their estimate, never as $0.</param>
public sealed record CostCell(int Bucket, string Model, string Tier, decimal CostUsd, decimal BatchApiUsd, int Batches, int UnpricedBatches);

/// <summary>Spend over a range by how it was paid: synchronous calls, and answers of the provider's Batch API (at its price).</summary>
public sealed record SpendByPath(decimal SynchronousUsd, decimal BatchApiUsd);

/// <summary>Where the money went: spend per time bucket, model and tier, from the batches' settled costs.</summary>
public sealed class CostQueries(IDbContextFactory<AimoDbContext> factory)
{
    public async Task<IReadOnlyList<CostCell>> BreakdownAsync(TimeBuckets buckets, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var bounds = buckets.SqlBounds();
        var (from, to) = (bounds[0], bounds[^1]);
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT width_bucket(started_at, {bounds}) AS bucket, model, tier,
                   sum(coalesce(cost_usd_actual, cost_usd_estimated)) AS cost_usd,
                   sum(batch_api_cost_usd) AS batch_api_usd,
                   count(*)::int AS batches,
                   (count(*) FILTER (WHERE cost_usd_actual IS NULL))::int AS unpriced_batches
            FROM batches
            WHERE started_at >= {from} AND started_at < {to}
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        return rows.Where(r => r.Bucket >= 1 && r.Bucket <= buckets.Count)
            .Select(r => new CostCell(r.Bucket - 1, r.Model, r.Tier, r.CostUsd, r.BatchApiUsd, r.Batches, r.UnpricedBatches)).ToList();
    }

    /// <summary>The batches started in [<paramref name="from"/>, <paramref name="to"/>): spent synchronously and through the Batch API.</summary>
    public async Task<SpendByPath> ByPathAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Database.SqlQuery<PathRow>($"""
            SELECT coalesce(sum(coalesce(cost_usd_actual, cost_usd_estimated) - batch_api_cost_usd), 0) AS synchronous_usd,
                   coalesce(sum(batch_api_cost_usd), 0) AS batch_api_usd
            FROM batches
            WHERE started_at >= {from.ToUniversalTime()} AND started_at < {to.ToUniversalTime()}
            """).SingleAsync(cancellationToken);
        return new SpendByPath(row.SynchronousUsd, row.BatchApiUsd);
    }

    private sealed class PathRow
    {
        public decimal SynchronousUsd { get; set; }
        public decimal BatchApiUsd { get; set; }
    }

    private sealed class Row
    {
        public int Bucket { get; set; }
        public string Model { get; set; } = "";
        public string Tier { get; set; } = "";
        public decimal CostUsd { get; set; }
        public decimal BatchApiUsd { get; set; }
        public int Batches { get; set; }
        public int UnpricedBatches { get; set; }
    }
}
