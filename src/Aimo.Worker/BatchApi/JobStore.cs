using System.Text.Json;
using Aimo.Data;
using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// The <c>batch_jobs</c> rows. A row changes hands only through <see cref="TryMoveAsync"/>, a conditional UPDATE on
/// its state (and, to take over a row whose replica died, on its age): of two replicas only one can move it, so a job
/// is submitted once and ingested by one replica at a time.
/// </summary>
public sealed class JobStore(IDbContextFactory<AimoDbContext> contexts, TimeProvider time)
{
    public static string WriteCarries(IReadOnlyList<JobLine> lines) => JsonSerializer.Serialize(lines);

    public static IReadOnlyList<JobLine> ReadCarries(BatchJobRecord job) => JsonSerializer.Deserialize<List<JobLine>>(job.Carries) ?? [];

    /// <summary>Writes a planned job; false when its job key exists (this planned set is a job already).</summary>
    public async Task<bool> InsertAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO batch_jobs (id, job_key, model, state, lines, signatures, carries, lease_day, lease_id, cost_usd_estimated,
              lines_succeeded, lines_failed, created_at, updated_at)
            VALUES ({job.Id}, {job.JobKey}, {job.Model}, {job.State}, {job.Lines}, {job.Signatures}, {job.Carries}::jsonb, {job.LeaseDay},
              {job.LeaseId}, {job.CostUsdEstimated}, 0, 0, {job.CreatedAt}, {job.UpdatedAt})
            ON CONFLICT (job_key) DO NOTHING
            """, cancellationToken);
        return inserted == 1;
    }

    /// <summary>
    /// Moves a row from <paramref name="from"/> to <paramref name="to"/> if it is still in <paramref name="from"/> (and,
    /// with <paramref name="staleBefore"/>, unchanged since then). True for the one caller that moved it.
    /// </summary>
    public async Task<bool> TryMoveAsync(Guid id, string from, string to, CancellationToken cancellationToken, DateTimeOffset? staleBefore = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var rows = db.BatchJobs.Where(j => j.Id == id && j.State == from);
        if (staleBefore is { } before)
        {
            rows = rows.Where(j => j.UpdatedAt < before);
        }
        return await rows.ExecuteUpdateAsync(u => u.SetProperty(j => j.State, to).SetProperty(j => j.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <summary>Applies <paramref name="change"/> to the row (its state and times included) and saves it.</summary>
    public async Task UpdateAsync(Guid id, Action<BatchJobRecord> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.BatchJobs.SingleAsync(j => j.Id == id, cancellationToken);
        change(job);
        job.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<BatchJobRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    /// <summary>Every job not ended yet, oldest first.</summary>
    public async Task<List<BatchJobRecord>> OpenAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking().Where(j => BatchJobStates.Open.Contains(j.State)).OrderBy(j => j.CreatedAt).ToListAsync(cancellationToken);
    }
}
