using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aimo.Data.Retention;

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionResult(long Batches, long Classifications, long AuditRows, long FeedRows = 0, bool Skipped = false)
{
    public long Total => Batches + Classifications + AuditRows + FeedRows;
}

/// <summary>
/// Deletes history past its retention period in small chunks, one short statement (and transaction) each, walking every
/// table once in time order with a keyset cursor so kept rows are not read again chunk after chunk. A PostgreSQL
/// advisory lock lets one pass run at a time, whichever replica started it.
/// </summary>
public sealed class RetentionSweep(IDbContextFactory<AimoDbContext> contexts, TimeProvider time)
{
    /// <summary>The advisory lock a pass holds: any constant no other job uses.</summary>
    public const long LockKey = 0x41494D4F_52455401;

    public async Task<RetentionResult> RunAsync(RetentionOptions options, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (!(bool)(await ScalarAsync(connection, "SELECT pg_try_advisory_lock($1)", cancellationToken, LockKey))!)
        {
            return new RetentionResult(0, 0, 0, Skipped: true);
        }
        try
        {
            var now = time.GetUtcNow();
            return new RetentionResult(
                await SweepAsync(connection, options.BatchDays, now, Math.Max(1, options.ChunkSize / 20), Batches, cancellationToken),
                await SweepAsync(connection, options.ClassificationHistoryDays, now, options.ChunkSize, ClassificationHistory, cancellationToken),
                await SweepAsync(connection, options.AuditDays, now, options.ChunkSize, Audit, cancellationToken),
                await SweepAsync(connection, options.FeedDays, now, options.ChunkSize, Feed, cancellationToken));
        }
        finally
        {
            await ScalarAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
    }

    /// <summary>
    /// Runs one chunk statement until it reports its last chunk. Every statement takes ($1 cutoff, $2/$3 the cursor's
    /// time and id, $4 chunk size) and returns (deleted, cursor time, cursor id, rows looked at).
    /// </summary>
    private static async Task<long> SweepAsync(NpgsqlConnection connection, int days, DateTimeOffset now, int chunk, string sql,
        CancellationToken cancellationToken)
    {
        if (days <= 0) return 0;
        var cutoff = now.AddDays(-days);
        (DateTimeOffset At, object Id) cursor = (DateTimeOffset.MinValue, sql == Batches ? Guid.Empty : 0L);
        long deleted = 0;
        while (true)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in new[] { cutoff, cursor.At, cursor.Id, chunk })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            deleted += reader.GetInt64(0);
            var looked = reader.GetInt64(3);
            if (looked < chunk) return deleted;
            cursor = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetValue(2));
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    // A batch goes with its items (ON DELETE CASCADE), unless an open review item still points at it.
    private const string Batches = """
        WITH looked AS (
            SELECT id, started_at FROM batches
            WHERE started_at < $1 AND (started_at, id) > ($2, $3)
            ORDER BY started_at, id LIMIT $4),
        deleted AS (
            DELETE FROM batches b USING looked l
            WHERE b.id = l.id
              AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.batch_id = b.id AND r.status = 'open')
            RETURNING 1)
        SELECT (SELECT count(*) FROM deleted), last.started_at, last.id, (SELECT count(*) FROM looked)
        FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT started_at, id FROM looked ORDER BY started_at DESC, id DESC LIMIT 1) last ON true
        """;

    // History only: never the classification of the signature's current version, never a signature's newest one.
    private const string ClassificationHistory = """
        WITH looked AS (
            SELECT id, created_at FROM classifications
            WHERE created_at < $1 AND (created_at, id) > ($2, $3)
            ORDER BY created_at, id LIMIT $4),
        deleted AS (
            DELETE FROM classifications c USING looked l
            WHERE c.id = l.id
              AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = c.signature_id AND s.version = c.signature_version)
              AND EXISTS (SELECT 1 FROM classifications n WHERE n.signature_id = c.signature_id AND (n.created_at, n.id) > (c.created_at, c.id))
            RETURNING 1)
        SELECT (SELECT count(*) FROM deleted), last.created_at, last.id, (SELECT count(*) FROM looked)
        FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT created_at, id FROM looked ORDER BY created_at DESC, id DESC LIMIT 1) last ON true
        """;

    private const string Audit = """
        WITH looked AS (
            SELECT id, at FROM audit_log
            WHERE at < $1 AND (at, id) > ($2, $3)
            ORDER BY at, id LIMIT $4),
        deleted AS (
            DELETE FROM audit_log a USING looked l WHERE a.id = l.id
            RETURNING 1)
        SELECT (SELECT count(*) FROM deleted), last.at, last.id, (SELECT count(*) FROM looked)
        FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT at, id FROM looked ORDER BY at DESC, id DESC LIMIT 1) last ON true
        """;

    // The results feed walks by seq (commit order, its primary key): a chunk that reaches past the cutoff is the last
    // (reported as looked at 0). Outcomes the results webhook has not delivered yet stay, whatever their age.
    private const string Feed = """
        WITH looked AS (
            SELECT seq, committed_at FROM result_feed
            WHERE seq > $3 AND $2::timestamptz IS NOT NULL
            ORDER BY seq LIMIT $4),
        deleted AS (
            DELETE FROM result_feed f USING looked l
            WHERE f.seq = l.seq AND l.committed_at < $1
              AND f.seq <= coalesce((SELECT min(delivered_seq) FROM webhook_deliveries), f.seq)
            RETURNING 1)
        SELECT (SELECT count(*) FROM deleted), last.committed_at, last.seq,
               CASE WHEN EXISTS (SELECT 1 FROM looked WHERE committed_at >= $1) THEN 0 ELSE (SELECT count(*) FROM looked) END
        FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT committed_at, seq FROM looked ORDER BY seq DESC LIMIT 1) last ON true
        """;
}
