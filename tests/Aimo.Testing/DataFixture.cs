using Aimo.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Aimo.Testing;

/// <summary>A real redis-server and a real PostgreSQL with the AIMO schema migrated, shared by the tests of a collection.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataFixture : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();
    public PostgresServer Postgres { get; } = new();
    public IDbContextFactory<AimoDbContext> Contexts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Redis.InitializeAsync(), Postgres.InitializeAsync());
        Contexts = await MigratedContexts.CreateAsync(Postgres.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
