using StackExchange.Redis;

namespace Aimo.Data.Tests;

/// <summary>
/// What counts as Redis being away (wait and take the work back) rather than a failure of the work itself: the fault
/// checker saw an InvalidOperationException leak out of StackExchange.Redis's connection during a Redis restart, pass
/// through an LLM call, and send its batch to review after one attempt.
/// </summary>
public sealed class RedisFailureTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task An_exception_raised_inside_the_redis_client_is_a_redis_failure_and_the_same_exception_elsewhere_is_not()
    {
        // A parameter object whose value cannot be read: the exception is raised while StackExchange.Redis builds the command.
        var script = LuaScript.Prepare("return redis.call('GET', @key)");
        var inside = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            redis.Redis.GetDatabase().ScriptEvaluateAsync(script, new BrokenParameters()));

        Assert.True(RedisFailure.Is(inside), inside.StackTrace);
        Assert.False(RedisFailure.Is(new InvalidOperationException("Writing is not allowed after writer was completed.")));
        Assert.False(RedisFailure.Is(new ArgumentException("a bug")));
    }

    [Fact]
    public void Redis_exceptions_and_timeouts_count_also_when_wrapped()
    {
        Assert.True(RedisFailure.Is(new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed")));
        Assert.True(RedisFailure.Is(new RedisTimeoutException("timed out", CommandStatus.Sent)));
        Assert.True(RedisFailure.Is(new HttpRequestException("attempt failed", new RedisConnectionException(ConnectionFailureType.SocketFailure, "x"))));
    }

    public sealed class BrokenParameters
    {
        // Named as the script's @key: StackExchange.Redis matches parameters by exact name.
#pragma warning disable IDE1006
        public RedisKey key => throw new InvalidOperationException("Writing is not allowed after writer was completed.");
#pragma warning restore IDE1006
    }
}
