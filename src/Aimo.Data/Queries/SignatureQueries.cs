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
    public async Task<SignatureStatusView?> GetStatusAsync(string id, CancellationToken cancellationToken = default) =>
        (await GetStatusesAsync([id], cancellationToken)).GetValueOrDefault(id);

    /// <summary>
    /// <see cref="GetStatusAsync"/> for many ids in three round trips (Redis pipelined, then two PostgreSQL queries);
    /// ids that neither knows are absent from the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SignatureStatusView>> GetStatusesAsync(IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken = default)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        // Pending state first: it is deleted only after the row moved to its version, so no read order shows an older one.
        var pendingStates = await Task.WhenAll(distinct.Select(queue.PendingStateAsync));
        var pending = distinct.Zip(pendingStates).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Signatures.AsNoTracking().Where(s => distinct.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        var stored = rows.Keys.ToList();
        // The result made for exactly the row's version (its content), whatever the row's status says.
        var classifications = (await db.Classifications.AsNoTracking()
                .Where(c => stored.Contains(c.SignatureId))
                .Join(db.Signatures, c => new { c.SignatureId, Version = c.SignatureVersion }, s => new { SignatureId = s.Id, s.Version }, (c, _) => c)
                .ToListAsync(cancellationToken))
            .ToDictionary(c => c.SignatureId, StringComparer.Ordinal);
        var views = new Dictionary<string, SignatureStatusView>(StringComparer.Ordinal);
        foreach (var id in distinct)
        {
            var row = rows.GetValueOrDefault(id);
            var state = pending.GetValueOrDefault(id);
            if (state is not null && (row is null || state.Version > row.Version))
            {
                views[id] = new SignatureStatusView(id, row?.Tier, state.State, state.Version, null, null);
            }
            else if (row is not null)
            {
                var classification = classifications.GetValueOrDefault(id);
                views[id] = new SignatureStatusView(id, row.Tier, row.Status, row.Version,
                    classification is null ? null : BatchQueries.ToView(classification), row.LastBatchId, row.SuspectedInjection);
            }
        }
        return views;
    }
}
