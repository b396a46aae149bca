using Aimo.Data;
using Aimo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Aimo.VolumeBench;

/// <summary>
/// The database measured (migrated): a throwaway PostgreSQL, the same server the Data tests use, or an existing one
/// (<c>--connection</c>, e.g. a stack's, or one seeded by an earlier run); and a throwaway redis-server for the status route.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private PostgresServer? _postgres;

    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public RedisServer Redis { get; } = new();
    public IDbContextFactory<AimoDbContext> Contexts { get; private set; } = null!;

    public static async Task<BenchDatabase> StartAsync(string? connectionString)
    {
        var stack = new BenchDatabase();
        if (connectionString is null)
        {
            stack._postgres = new PostgresServer();
            await stack._postgres.InitializeAsync();
            connectionString = stack._postgres.ConnectionString;
        }
        await stack.Redis.InitializeAsync();
        stack.ConnectionString = connectionString;
        stack.DataSource = NpgsqlDataSource.Create(connectionString);
        var options = new DbContextOptionsBuilder<AimoDbContext>();
        AimoDbContextOptions.Configure(options.UseNpgsql(connectionString));
        stack.Contexts = new PooledDbContextFactory<AimoDbContext>(options.Options);
        await using var db = await stack.Contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return stack;
    }

    public async Task<long> SignaturesAsync() => await DataSource.CountAsync("SELECT count(*) FROM signatures");

    /// <summary>Row counts and the database's size, for the report.</summary>
    public async Task<string> SizesAsync()
    {
        var counts = await DataSource.RowsAsync("""
            SELECT (SELECT count(*) FROM signatures), (SELECT count(*) FROM classifications), (SELECT count(*) FROM batches),
                   (SELECT count(*) FROM batch_items), (SELECT count(*) FROM review_items WHERE status = 'open'),
                   pg_size_pretty(pg_database_size(current_database()))
            """);
        var c = counts[0];
        return $"{c[0]:N0} signatures, {c[1]:N0} classifications, {c[2]:N0} batches, {c[3]:N0} batch items, {c[4]:N0} open review items, {c[5]}";
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
