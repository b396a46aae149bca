using Aimo.Core;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests;

[Collection(StackCollection.Name)]
public sealed class StackStartupTests(StackFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_resource_is_healthy_and_migrations_completed_successfully()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var migrations = await fixture.Stack.App.ResourceNotifications.WaitForResourceAsync(
            ResourceNames.Migrations, e => e.Snapshot.State?.Text == KnownResourceStates.Finished, cts.Token);
        Assert.Equal(0, migrations.Snapshot.ExitCode);

        foreach (var name in new[] { ResourceNames.Ingest, ResourceNames.Worker, ResourceNames.Admin, ResourceNames.LlmSimulator })
        {
            using var client = fixture.Stack.App.CreateHttpClient(name);
            var health = await client.GetAsync("/health", cts.Token);
            Assert.True(health.IsSuccessStatusCode, $"{name} /health answered {(int)health.StatusCode}");
            var alive = await client.GetAsync("/alive", cts.Token);
            Assert.True(alive.IsSuccessStatusCode, $"{name} /alive answered {(int)alive.StatusCode}");
        }
    }

    [Fact]
    public async Task Redis_answers_ping_through_the_injected_connection_string()
    {
        var connectionString = await fixture.Stack.ConnectionStringAsync(ResourceNames.Redis);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var latency = await redis.GetDatabase().PingAsync();
        Assert.True(latency < Timeout);
        Assert.Contains("password=", connectionString);
    }

    [Fact]
    public async Task The_migrated_schema_exists_in_aimodb()
    {
        var connectionString = await fixture.Stack.ConnectionStringAsync(ResourceNames.Database);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(ResourceNames.Database, connection.Database);

        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        string[] expected = ["signatures", "classifications", "batches", "batch_items", "review_items",
            "budget_days", "settings", "audit_log", "__EFMigrationsHistory"];
        Assert.All(expected, table => Assert.Contains(table, tables));

        await using var settings = new NpgsqlCommand("SELECT soft_limit_fraction FROM settings WHERE id = 1", connection);
        Assert.Equal(0.9m, (decimal)(await settings.ExecuteScalarAsync())!);
    }
}
