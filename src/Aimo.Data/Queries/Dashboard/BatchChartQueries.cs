using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Batch activity in one time bucket. Null where there were no batches: a latency or rate of nothing is not zero.</summary>
/// <param name="EstimateErrorPercent">How far the token estimate was from actual usage: (estimated − actual) / actual × 100.</param>
public sealed record BucketStats(
    int Batches, decimal CostUsd, long InputTokens, long OutputTokens,
    double? LatencyP50Ms, double? LatencyP95Ms, double? SuccessRate, double? EstimateErrorPercent)
{
    public static readonly BucketStats Empty = new(0, 0, 0, 0, null, null, null, null);
}

public sealed class BatchChartQueries(IDbContextFactory<AimoDbContext> factory)
{
    /// <summary>One entry per bucket (empty buckets included), aggregated in PostgreSQL into exactly the buckets' bounds.</summary>
    public async Task<IReadOnlyList<BucketStats>> PerBucketAsync(TimeBuckets buckets, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var bounds = buckets.SqlBounds();
        var (from, to) = (bounds[0], bounds[^1]);
        // Aliases are what EFCore.NamingConventions makes of the Row properties (LatencyP50Ms → latency_p50ms).
        // Cost: the actual cost, or the estimate for unpriced models (flagged in the grid, never $0 here).
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT width_bucket(started_at, {bounds}) AS bucket,
                   count(*)::int AS batches,
                   sum(coalesce(cost_usd_actual, cost_usd_estimated)) AS cost_usd,
                   sum(input_tokens)::bigint AS input_tokens,
                   sum(output_tokens)::bigint AS output_tokens,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latency_p50ms,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS latency_p95ms,
                   avg(success_rate) AS success_rate,
                   sum(estimated_input_tokens + estimated_output_tokens)::double precision AS estimated_tokens,
                   sum(input_tokens + output_tokens)::double precision AS actual_tokens
            FROM batches
            WHERE started_at >= {from} AND started_at < {to}
            GROUP BY 1
            """).ToListAsync(cancellationToken);
        var stats = Enumerable.Repeat(BucketStats.Empty, buckets.Count).ToArray();
        foreach (var r in rows.Where(r => r.Bucket >= 1 && r.Bucket <= buckets.Count))
        {
            stats[r.Bucket - 1] = new BucketStats(r.Batches, r.CostUsd, r.InputTokens, r.OutputTokens, r.LatencyP50Ms, r.LatencyP95Ms,
                r.SuccessRate, r.ActualTokens > 0 ? (r.EstimatedTokens - r.ActualTokens) / r.ActualTokens * 100 : null);
        }
        return stats;
    }

    private sealed class Row
    {
        public int Bucket { get; set; }
        public int Batches { get; set; }
        public decimal CostUsd { get; set; }
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public double LatencyP50Ms { get; set; }
        public double LatencyP95Ms { get; set; }
        public double SuccessRate { get; set; }
        public double EstimatedTokens { get; set; }
        public double ActualTokens { get; set; }
    }
}
