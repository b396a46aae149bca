using StackExchange.Redis;

namespace Aimo.Data.Tests;

/// <summary>
/// The throwaway Redis every test class starts must be its own: two fixtures starting at once can be handed the same
/// free port, and a fixture that then talked to the other one's server lost Redis mid-test when that class ended (the
/// shared rate-limit test saw 8 of its 15 requests fail in one CI run).
/// </summary>
public sealed class RedisServerFixtureTests
{
    [Fact]
    public async Task A_fixture_handed_a_port_another_server_holds_starts_its_own_server_on_another_port()
    {
        var first = new RedisServer();
        await first.InitializeAsync();
        try
        {
            var taken = Port(first.Redis);
            var handedOut = 0;
            var second = new RedisServer { ChoosePort = () => handedOut++ == 0 ? taken : RedisServer.FreePort() };
            await second.InitializeAsync();
            try
            {
                Assert.NotEqual(taken, Port(second.Redis));
                Assert.Equal(second.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), await ProcessIdAsync(second.Redis));
                Assert.Equal(2, handedOut);
            }
            finally
            {
                await second.DisposeAsync();
            }
            // The first server lives on, untouched by the second fixture's retry and disposal.
            Assert.Equal(first.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), await ProcessIdAsync(first.Redis));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    private static int Port(ConnectionMultiplexer redis) => ((System.Net.IPEndPoint)redis.GetEndPoints()[0]).Port;

    private static async Task<string?> ProcessIdAsync(ConnectionMultiplexer redis) =>
        (await redis.GetServers()[0].InfoAsync("server")).SelectMany(g => g).FirstOrDefault(p => p.Key == "process_id").Value;
}
