using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

public sealed record Percentiles(double? P50, double? P95);

internal static class LatencyPercentiles
{
    /// <summary>p50/p95 of batch latency, computed by PostgreSQL (percentile_cont) so no rows are loaded.</summary>
    public static async Task<Percentiles> ForWindowAsync(AimoDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<PercentileRow>($"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
            FROM batches WHERE started_at >= {from} AND started_at < {to}
            """).ToListAsync(cancellationToken);
        var row = rows.FirstOrDefault();
        return new Percentiles(row?.P50, row?.P95);
    }

    private sealed class PercentileRow
    {
        public double? P50 { get; set; }
        public double? P95 { get; set; }
    }
}
