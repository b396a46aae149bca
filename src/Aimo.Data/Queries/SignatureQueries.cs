using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>Where the latest accepted version of a signature stands: queued, deferred, classified or needs_review.</summary>
/// <param name="Tier">Null when the signature is only in the queue (Postgres has no row for it yet).</param>
/// <param name="Version">The latest accepted version; <paramref name="Status"/> is about it.</param>
/// <param name="Classification">The newest classification (its own version says which); while a newer version waits, the previous one.</param>
public sealed record SignatureStatusView(string Id, string? Tier, string Status, long Version, ClassificationView? Classification, Guid? BatchId);

public sealed class SignatureQueries(IDbContextFactory<AimoDbContext> contexts, SignatureQueue queue)
{
    /// <summary>
    /// The Redis pending state wins when it is about a newer version than the Postgres row (the signature is back in
    /// the queue, e.g. re-ingested with new content); otherwise the row. Null when neither knows the id.
    /// </summary>
    public async Task<SignatureStatusView?> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        var pending = await queue.PendingStateAsync(id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Signatures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null && pending is null)
        {
            return null;
        }
        var latest = await db.Classifications.AsNoTracking().Where(c => c.SignatureId == id)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        // Version 0: a pending state written before versions existed, which always meant "back in the queue".
        var waiting = pending is not null && (row is null || pending.Version == 0 || pending.Version > row.Version);
        return new SignatureStatusView(id, row?.Tier, waiting ? pending!.State : row!.Status,
            waiting && pending!.Version > 0 ? pending.Version : row?.Version ?? 0,
            latest is null ? null : BatchQueries.ToView(latest), row?.LastBatchId ?? latest?.BatchId);
    }
}
