using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Today's activity for the overview: classifications, batch success and latency, open review items.</summary>
public sealed record OverviewStats(
    int ClassifiedToday, int BatchesToday, double? SuccessRate, double? LatencyP50Ms, double? LatencyP95Ms,
    int OpenReviewItems, int DeferredSignatures);

public sealed class OverviewQueries(IDbContextFactory<AimoDbContext> factory)
{
    /// <param name="since">Start of the budget day (UTC).</param>
    public async Task<OverviewStats> GetAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var classified = await db.Classifications.CountAsync(c => c.CreatedAt >= since, cancellationToken);
        var batches = db.Batches.Where(b => b.StartedAt >= since);
        var batchCount = await batches.CountAsync(cancellationToken);
        var success = batchCount == 0 ? (double?)null : await batches.AverageAsync(b => b.SuccessRate, cancellationToken);
        var latency = await LatencyPercentiles.ForWindowAsync(db, since, DateTimeOffset.UtcNow.AddMinutes(1), cancellationToken);
        var open = await db.ReviewItems.CountAsync(r => r.Status == ReviewStatuses.Open, cancellationToken);
        var deferred = await db.Signatures.CountAsync(s => s.Status == SignatureStatuses.Deferred, cancellationToken);
        return new OverviewStats(classified, batchCount, success, latency.P50, latency.P95, open, deferred);
    }
}
