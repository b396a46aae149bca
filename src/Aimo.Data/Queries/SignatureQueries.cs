using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>Where the latest accepted version of a signature stands: queued, deferred, classified or needs_review.</summary>
/// <param name="Tier">Null when the signature is only in the queue (Postgres has no row for it yet).</param>
/// <param name="Version">The latest accepted version; <paramref name="Status"/> is about it.</param>
/// <param name="SuspectedInjection">
/// The reported version's text read like instructions to a model (prompt injection): it was classified in a batch of its own.
/// </param>
/// <param name="Classification">
/// The classification made for exactly <paramref name="Version"/> (its content), when it is classified; null while it
/// waits or is in review — a result made for other content is never shown as this version's.
/// </param>
public sealed record SignatureStatusView(string Id, string? Tier, string Status, long Version, ClassificationView? Classification, Guid? BatchId,
    bool SuspectedInjection = false);

public sealed class SignatureQueries(IDbContextFactory<AimoDbContext> contexts, SignatureQueue queue)
{
    /// <summary>
    /// The Redis pending state wins when it is about a newer version than the Postgres row (the signature is back in
    /// the queue, e.g. re-ingested with new content); otherwise the row. Null when neither knows the id.
    /// </summary>
    public async Task<SignatureStatusView?> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        // Pending state first: it is deleted only after the row moved to its version, so no read order shows an older one.
        var pending = await queue.PendingStateAsync(id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Signatures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null && pending is null)
        {
            return null;
        }
        if (pending is not null && (row is null || pending.Version > row.Version))
        {
            return new SignatureStatusView(id, row?.Tier, pending.State, pending.Version, null, null);
        }
        var classification = await db.Classifications.AsNoTracking()
            .Where(c => c.SignatureId == id && c.SignatureVersion == row!.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return new SignatureStatusView(id, row!.Tier, row.Status, row.Version,
            classification is null ? null : BatchQueries.ToView(classification), row.LastBatchId, row.SuspectedInjection);
    }
}
