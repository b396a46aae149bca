using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Spend of one model on one tier in one time bucket.</summary>
/// <param name="Bucket">Index into the <see cref="TimeBuckets"/> asked for.</param>
/// <param name="UnpricedBatches">Batches whose model had no price: counted at their estimate, never as $0.</param>
public sealed record CostCell(int Bucket, string Model, string Tier, decimal CostUsd, int Batches, int UnpricedBatches);

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
                   count(*)::int AS batches,
                   (count(*) FILTER (WHERE cost_usd_actual IS NULL))::int AS unpriced_batches
            FROM batches
            WHERE started_at >= {from} AND started_at < {to}
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        return rows.Where(r => r.Bucket >= 1 && r.Bucket <= buckets.Count)
            .Select(r => new CostCell(r.Bucket - 1, r.Model, r.Tier, r.CostUsd, r.Batches, r.UnpricedBatches)).ToList();
    }

    private sealed class Row
    {
        public int Bucket { get; set; }
        public string Model { get; set; } = "";
        public string Tier { get; set; } = "";
        public decimal CostUsd { get; set; }
        public int Batches { get; set; }
        public int UnpricedBatches { get; set; }
    }
}
