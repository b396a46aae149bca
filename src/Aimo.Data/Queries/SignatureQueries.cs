using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>Where a signature stands: queued, deferred, classified or needs_review.</summary>
/// <param name="Tier">Null when the signature is only in the queue (Postgres has no row for it yet).</param>
/// <param name="Classification">The newest classification, also when the signature was re-ingested since.</param>
public sealed record SignatureStatusView(string Id, string? Tier, string Status, ClassificationView? Classification, Guid? BatchId);

public sealed class SignatureQueries(IDbContextFactory<AimoDbContext> contexts, SignatureQueue queue)
{
    /// <summary>
    /// The Redis pending state wins (the signature is back in the queue, e.g. re-ingested with new content);
    /// otherwise the Postgres row. Null when neither knows the id.
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
        return new SignatureStatusView(id, row?.Tier, pending ?? row!.Status,
            latest is null ? null : BatchQueries.ToView(latest), row?.LastBatchId ?? latest?.BatchId);
    }
}
