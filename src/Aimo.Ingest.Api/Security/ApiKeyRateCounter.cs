using Aimo.Data.Ingest;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Security;

/// <summary>One request's place in its key's window: let through or not, and how long until the window ends.</summary>
public sealed record RateWindowTake(bool Allowed, TimeSpan WindowLeft);

/// <summary>
/// Counts requests per API key in Redis, in fixed windows that start at a key's first request, so every ingest replica
/// counts against the same limit. The check and the count are one script: parallel requests on several replicas cannot
/// both take the last place. A refused request is not counted, so a client that keeps retrying is not held back longer.
/// </summary>
public sealed class ApiKeyRateCounter(IConnectionMultiplexer redis)
{
    // KEYS[1]: the key's counter. ARGV: limit, window ms. Returns {1 allowed / 0 refused, ms left in the window}.
    private const string TakeScript = """
        local left = redis.call('PTTL', KEYS[1])
        if left <= 0 then
          -- No window open (-2), or a counter without expiry (-1) that would otherwise refuse forever.
          redis.call('SET', KEYS[1], 0, 'PX', ARGV[2])
          left = tonumber(ARGV[2])
        end
        if tonumber(redis.call('GET', KEYS[1])) >= tonumber(ARGV[1]) then
          return {0, left}
        end
        redis.call('INCR', KEYS[1])
        return {1, left}
        """;

    /// <exception cref="RedisException">Redis is unavailable.</exception>
    public async Task<RateWindowTake> TakeAsync(string partition, int limit, TimeSpan window)
    {
        var result = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
            [IngestKeys.RateLimit(partition)], [limit, (long)window.TotalMilliseconds]))!;
        return new RateWindowTake(result[0] == 1, TimeSpan.FromMilliseconds(result[1]));
    }
}
