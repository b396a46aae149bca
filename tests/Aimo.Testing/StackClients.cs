using Aimo.Core;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.Testing;

/// <summary>Direct clients of a running stack's Redis and database, for setting up and checking what the services did.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class StackClients
{
    public static async Task<ConnectionMultiplexer> ConnectRedisAsync(this AimoStack stack) =>
        await ConnectionMultiplexer.ConnectAsync(await stack.ConnectionStringAsync(ResourceNames.Redis) + ",allowAdmin=true");

    public static async Task<NpgsqlDataSource> DatabaseAsync(this AimoStack stack) =>
        NpgsqlDataSource.Create(await stack.ConnectionStringAsync(ResourceNames.Database));
}
