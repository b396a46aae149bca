using Aimo.Data.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Aimo.Data.Tests.Scale;

/// <summary>A PostgreSQL of its own: retention deletes across whole tables, which would take other tests' rows.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RetentionFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();
    public IDbContextFactory<AimoDbContext> Contexts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Contexts = await MigratedContexts.CreateAsync(Postgres.ConnectionString);
    }

    public Task DisposeAsync() => Postgres.DisposeAsync();
}

/// <summary>
/// Retention on a year of seeded history: everything past its period goes, in many small chunks; what must stay —
/// each signature's current and newest classification, batches an open review item points at — stays.
/// </summary>
public sealed class RetentionTests(RetentionFixture fixture) : IClassFixture<RetentionFixture>
{
    private static readonly RetentionOptions HalfAYear = new() { BatchDays = 180, ClassificationHistoryDays = 180, AuditDays = 180, ChunkSize = 40 };

    // Per signature: the id of the classification made for its current version, and of its newest one.
    private const string KeptSql = """
        SELECT s.id, (SELECT c.id FROM classifications c WHERE c.signature_id = s.id AND c.signature_version = s.version),
               (SELECT c.id FROM classifications c WHERE c.signature_id = s.id ORDER BY c.created_at DESC, c.id DESC LIMIT 1)
        FROM signatures s ORDER BY s.id
        """;

    [Fact]
    public async Task A_pass_deletes_expired_history_in_chunks_and_keeps_every_latest_classification()
    {
        var db = fixture.Postgres.DataSource;
        await VolumeSeed.SeedAsync(db, 4000);
        var kept = Rows(await db.RowsAsync(KeptSql));
        var expired = await ExpiredAsync(db);
        Assert.True(expired.All(e => e > 0), $"the seed has expired rows of every kind: {string.Join(", ", expired)}");

        var result = await new RetentionSweep(fixture.Contexts, TimeProvider.System).RunAsync(HalfAYear);

        Assert.False(result.Skipped);
        Assert.Equal(new long[] { 0, 0, 0 }, await ExpiredAsync(db));
        Assert.Equal(kept, Rows(await db.RowsAsync(KeptSql)));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM batch_items i WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = i.batch_id)"));
        // Old batches that an open review item points at are kept: the operator still looks at them.
        Assert.True(await db.CountAsync("""
            SELECT count(*) FROM batches b WHERE b.started_at < now() - interval '180 days'
              AND EXISTS (SELECT 1 FROM review_items r WHERE r.batch_id = b.id AND r.status = 'open')
            """) > 0);
        Assert.True(result.Batches > 0 && result.Classifications > 0 && result.AuditRows > 0, result.ToString());

        // Nothing left to do: a second pass deletes nothing and keeps the same rows.
        Assert.Equal(0, (await new RetentionSweep(fixture.Contexts, TimeProvider.System).RunAsync(HalfAYear)).Total);
    }

    [Fact]
    public async Task Feed_rows_past_their_period_go_once_the_webhook_delivered_them_and_newer_ones_stay()
    {
        var db = fixture.Postgres.DataSource;
        await db.ExecAsync("DELETE FROM result_feed; DELETE FROM webhook_deliveries;");
        // 100 outcomes a year old, then 50 of today, in commit order; the webhook has delivered the first 60.
        await db.ExecAsync("""
            INSERT INTO result_feed (signature_id, signature_version, status, suspected_injection, committed_at)
            SELECT 'feed-' || n, 1, 'classified', false, CASE WHEN n <= 100 THEN now() - interval '400 days' ELSE now() END
            FROM generate_series(1, 150) n ORDER BY n
            """);
        var first = await db.CountAsync("SELECT min(seq) FROM result_feed");
        await db.ExecAsync("INSERT INTO webhook_deliveries (url, delivered_seq, failed_attempts, updated_at) VALUES ('https://hooks.example.com/aimo', $1, 0, now())",
            first + 59);
        var feedOnly = new RetentionOptions { FeedDays = 180, ChunkSize = 40 };

        var result = await new RetentionSweep(fixture.Contexts, TimeProvider.System).RunAsync(feedOnly);

        Assert.Equal((60L, 0L, 0L, 0L), (result.FeedRows, result.Batches, result.Classifications, result.AuditRows));
        Assert.Equal(first + 60, await db.CountAsync("SELECT min(seq) FROM result_feed"));
        Assert.Equal(90, await db.CountAsync("SELECT count(*) FROM result_feed"));

        // Delivered at last: the year-old rest goes, today's stay.
        await db.ExecAsync("UPDATE webhook_deliveries SET delivered_seq = (SELECT max(seq) FROM result_feed)");
        Assert.Equal(40, (await new RetentionSweep(fixture.Contexts, TimeProvider.System).RunAsync(feedOnly)).FeedRows);
        Assert.Equal(50, await db.CountAsync("SELECT count(*) FROM result_feed WHERE committed_at > now() - interval '1 day'"));
        Assert.Equal(50, await db.CountAsync("SELECT count(*) FROM result_feed"));
    }

    [Fact]
    public async Task A_pass_is_skipped_while_another_replica_holds_the_lock()
    {
        await using var other = await fixture.Postgres.DataSource.OpenConnectionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", other) { Parameters = { new() { Value = RetentionSweep.LockKey } } })
        {
            await command.ExecuteScalarAsync();
        }

        try
        {
            var result = await new RetentionSweep(fixture.Contexts, TimeProvider.System).RunAsync(HalfAYear);
            Assert.True(result.Skipped);
        }
        finally
        {
            // The connection goes back to the pool with its session: the lock would outlive the test.
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", other) { Parameters = { new() { Value = RetentionSweep.LockKey } } };
            await unlock.ExecuteScalarAsync();
        }
    }

    /// <summary>Rows past the period that retention may delete: batches no open review needs, history, audit.</summary>
    private static async Task<long[]> ExpiredAsync(NpgsqlDataSource db) =>
    [
        await db.CountAsync("""
            SELECT count(*) FROM batches b WHERE b.started_at < now() - interval '180 days'
              AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.batch_id = b.id AND r.status = 'open')
            """),
        await db.CountAsync("""
            SELECT count(*) FROM classifications c WHERE c.created_at < now() - interval '180 days'
              AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = c.signature_id AND s.version = c.signature_version)
              AND EXISTS (SELECT 1 FROM classifications n WHERE n.signature_id = c.signature_id AND (n.created_at, n.id) > (c.created_at, c.id))
            """),
        await db.CountAsync("SELECT count(*) FROM audit_log WHERE at < now() - interval '180 days'"),
    ];

    private static List<string> Rows(List<object?[]> rows) => rows.Select(r => string.Join('|', r)).ToList();
}
