using System.Text.Json;
using Aimo.Data;
using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Worker.Commit;

/// <summary>
/// The commit rule, in SQL: a version is finished by the commit that moves the signature's row forward to it. The
/// upsert's condition (<c>WHERE signatures.version &lt; EXCLUDED.version</c>) is evaluated by PostgreSQL on the row as
/// it is when the upsert takes its lock, after any concurrent commit of the row, so two commits can never both finish
/// one version, and an older version can never overwrite a newer one, whatever the interleaving.
/// </summary>
internal static class VersionRule
{
    /// <summary>True when this commit finished the version (its outcome is to be recorded); false when it was finished before.</summary>
    public static async Task<bool> TryFinishAsync(AimoDbContext db, VersionOutcome outcome, Guid? batchId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var entry = outcome.Entry;
        if (entry.Signature is not { } s)
        {
            // An unreadable entry has no row to move: its review item, keyed by the entry, is written once.
            return !await db.ReviewItems.AnyAsync(r => r.SignatureId == entry.SignatureId && r.SignatureVersion == entry.Version, cancellationToken);
        }
        var stats = s.Stats is { } st
            ? JsonSerializer.Serialize(new SignatureStatsRecord
            {
                Requests = st.Requests, Users = st.Users, BytesOut = st.BytesOut, FirstSeen = st.FirstSeen, LastSeen = st.LastSeen,
            })
            : null;
        var samples = s.Samples.ToList();
        var classifiedAt = outcome.Classification is not null ? now : (DateTimeOffset?)null;
        var changed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO signatures (id, tier, method, host, path_template, samples, stats, content_hash, version, status,
                                    suspected_injection, last_batch_id, created_at, updated_at, classified_at)
            VALUES ({s.Id}, {s.Tier.ToString()}, {s.Method}, {s.Host}, {s.PathTemplate}, {samples}, CAST({stats} AS jsonb), {entry.ContentHash},
                    {entry.Version}, {outcome.Status}, {outcome.SuspectedInjection}, {batchId}, {now}, {now}, {classifiedAt})
            ON CONFLICT (id) DO UPDATE SET
                tier = EXCLUDED.tier, method = EXCLUDED.method, host = EXCLUDED.host, path_template = EXCLUDED.path_template,
                samples = EXCLUDED.samples, stats = EXCLUDED.stats, content_hash = EXCLUDED.content_hash,
                version = EXCLUDED.version, status = EXCLUDED.status, suspected_injection = EXCLUDED.suspected_injection,
                last_batch_id = COALESCE(EXCLUDED.last_batch_id, signatures.last_batch_id),
                updated_at = EXCLUDED.updated_at,
                classified_at = COALESCE(EXCLUDED.classified_at, signatures.classified_at)
            WHERE signatures.version < EXCLUDED.version
            """, cancellationToken);
        return changed == 1;
    }
}
