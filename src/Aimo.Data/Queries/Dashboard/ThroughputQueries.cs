using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>One tier's queue and how fast the workers finish it.</summary>
/// <param name="PerMinute">Signatures of this tier finished per minute over the window (LLM batches and reused results).</param>
public sealed record TierThroughput(string Tier, long Queued, DateTimeOffset? OldestAt, double PerMinute)
{
    /// <summary>How long the queue takes to empty at the current rate; null when nothing is finishing (or nothing waits).</summary>
    public TimeSpan? TimeToDrain => Queued == 0 ? TimeSpan.Zero : PerMinute > 0 ? TimeSpan.FromMinutes(Queued / PerMinute) : null;
}

public sealed record ThroughputView(TimeSpan Window, double PerMinute, IReadOnlyList<TierThroughput> Tiers, int WorkersAlive);

/// <summary>Signatures per minute, time to drain each tier and the age of its oldest entry, from PostgreSQL and Redis.</summary>
public sealed class ThroughputQueries(IDbContextFactory<AimoDbContext> factory, SignatureQueue queue, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public async Task<ThroughputView> GetAsync(CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - Window;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var batched = await db.Batches.Where(b => b.FinishedAt >= since)
            .GroupBy(b => b.Tier).Select(g => new { Tier = g.Key, Count = g.Sum(b => b.SignatureCount) })
            .ToDictionaryAsync(g => g.Tier, g => (long)g.Count, cancellationToken);
        var reused = await (
                from c in db.Classifications
                join s in db.Signatures on c.SignatureId equals s.Id
                where c.Source == ClassificationSources.Reuse && c.CreatedAt >= since
                group c by s.Tier into g
                select new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Tier, g => (long)g.Count, cancellationToken);
        var tiers = (await queue.BacklogAsync()).Select(q =>
        {
            var tier = q.Tier.ToString();
            var finished = batched.GetValueOrDefault(tier) + reused.GetValueOrDefault(tier);
            return new TierThroughput(tier, q.Length, q.OldestAt, finished / Window.TotalMinutes);
        }).ToList();
        return new ThroughputView(Window, tiers.Sum(t => t.PerMinute), tiers, await queue.WorkersAliveAsync());
    }
}
