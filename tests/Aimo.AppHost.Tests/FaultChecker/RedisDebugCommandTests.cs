using StackExchange.Redis;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// The checker freezes Redis with DEBUG SLEEP, which the AppHost allows only when asked
/// (<c>Aimo:Redis:EnableDebugCommand</c>); a stack started without it keeps refusing DEBUG, as Redis 7 does by default.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RedisDebugCommandTests(StackFixture fixture)
{
    [Fact]
    public async Task Redis_refuses_DEBUG_unless_the_AppHost_is_asked_to_allow_it()
    {
        using var admin = await RedisFaults.ConnectAsync(fixture.Stack);

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => admin.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "0"));

        Assert.Contains("DEBUG command not allowed", refused.Message, StringComparison.Ordinal);
    }
}
