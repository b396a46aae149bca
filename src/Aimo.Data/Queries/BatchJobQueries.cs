using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>A tier C job at the provider's Batch API, as the API and the admin UI show it.</summary>
/// <param name="State">AIMO's state (planned, submitting, submitted, ingesting, completed, returned).</param>
/// <param name="ProviderStatus">The provider's last reported status (validating, in_progress, finalizing, completed, failed, expired, cancelled).</param>
public sealed record BatchJobSummary(
    Guid Id, string? ProviderJobId, string Model, string State, string? ProviderStatus, int Lines, int Signatures,
    int LinesSucceeded, int LinesFailed, decimal CostUsdEstimated, decimal? CostUsdActual,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>Tier C's jobs not yet home: how many, the signatures they carry, and when the last is due at the latest.</summary>
/// <param name="DueBy">The latest submission (or planning) plus the provider's completion window; null when none is in flight.</param>
/// <param name="AnyJob">Whether a job was ever recorded: the Batch API is in use here.</param>
public sealed record JobsInFlight(int Jobs, int Signatures, DateTimeOffset? DueBy, bool AnyJob);

public sealed class BatchJobQueries(IDbContextFactory<AimoDbContext> contexts)
{
    /// <summary>The completion window AIMO asks for: the provider answers within it or the job expires.</summary>
    public static readonly TimeSpan CompletionWindow = TimeSpan.FromHours(24);

    public async Task<JobsInFlight> InFlightAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.BatchJobs.AsNoTracking().Where(j => BatchJobStates.Open.Contains(j.State))
            .GroupBy(_ => 1)
            .Select(g => new { Jobs = g.Count(), Signatures = g.Sum(j => j.Signatures), Latest = g.Max(j => j.SubmittedAt ?? j.CreatedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        return open is null
            ? new JobsInFlight(0, 0, null, await db.BatchJobs.AnyAsync(cancellationToken))
            : new JobsInFlight(open.Jobs, open.Signatures, open.Latest + CompletionWindow, AnyJob: true);
    }

    public const int MaxLimit = 500;

    /// <summary>Newest first; <paramref name="before"/> pages by creation time.</summary>
    public async Task<IReadOnlyList<BatchJobSummary>> ListAsync(int limit = 50, DateTimeOffset? before = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.BatchJobs.AsNoTracking();
        if (before is { } b)
        {
            query = query.Where(j => j.CreatedAt < b);
        }
        return await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(j => new BatchJobSummary(j.Id, j.ProviderJobId, j.Model, j.State, j.ProviderStatus, j.Lines, j.Signatures,
                j.LinesSucceeded, j.LinesFailed, j.CostUsdEstimated, j.CostUsdActual, j.CreatedAt, j.SubmittedAt, j.FinishedAt, j.Error))
            .ToListAsync(cancellationToken);
    }
}
