using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Aimo.Data.Tests.Scale;

/// <summary>
/// A PostgreSQL of its own (the tests here look at whole tables), migrated and seeded with <see cref="Signatures"/>
/// signatures of a year's shape: enough rows that the planner prefers an index where one serves, few enough to seed in seconds.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VolumeFixture : IAsyncLifetime
{
    public const int Signatures = 30_000;

    public PostgresServer Postgres { get; } = new();
    public RedisServer Redis { get; } = new();
    public PlanRecorder Recorder { get; } = new();

    /// <summary>Contexts whose queries the <see cref="Recorder"/> explains.</summary>
    public IDbContextFactory<AimoDbContext> Contexts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync());
        Contexts = await MigratedContexts.CreateAsync(Postgres.ConnectionString, Recorder);
        await VolumeSeed.SeedAsync(Postgres.DataSource, Signatures);
        Recorder.Clear();
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
