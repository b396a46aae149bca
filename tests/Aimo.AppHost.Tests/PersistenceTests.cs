using Aimo.Core;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests;

/// <summary>Processes mode keeps Redis and PostgreSQL data in the state folder across AppHost restarts.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Data_in_postgres_and_redis_survives_stopping_and_starting_the_apphost()
    {
        var state = AimoStack.NewStateDirectory();
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            await using (var first = await AimoStack.StartAsync(state))
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(await first.ConnectionStringAsync(ResourceNames.Redis));
                await redis.GetDatabase().StreamAddAsync("aimo:test:persist", "marker", marker);

                await using var pg = new NpgsqlConnection(await first.ConnectionStringAsync(ResourceNames.Database));
                await pg.OpenAsync();
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO audit_log (actor, action, subject, at) VALUES ('test', 'persist', $1, now())", pg)
                {
                    Parameters = { new() { Value = marker } },
                };
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }

            await using var second = await AimoStack.StartAsync(state);
            await using var redisAgain = await ConnectionMultiplexer.ConnectAsync(await second.ConnectionStringAsync(ResourceNames.Redis));
            var entries = await redisAgain.GetDatabase().StreamRangeAsync("aimo:test:persist");
            Assert.Equal(marker, (string?)Assert.Single(entries)["marker"]);

            await using var pgAgain = new NpgsqlConnection(await second.ConnectionStringAsync(ResourceNames.Database));
            await pgAgain.OpenAsync();
            await using var select = new NpgsqlCommand("SELECT count(*) FROM audit_log WHERE subject = $1", pgAgain)
            {
                Parameters = { new() { Value = marker } },
            };
            Assert.Equal(1L, await select.ExecuteScalarAsync());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
