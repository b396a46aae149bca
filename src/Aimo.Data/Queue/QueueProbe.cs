using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>A tier stream as the operator sees it: entries not yet finished, and when the oldest of them was enqueued.</summary>
public sealed record TierQueue(Tier Tier, long Length, DateTimeOffset? OldestAt);

/// <summary>Reads what Redis knows about the queue and the workers: lengths, oldest entries, live heartbeats.</summary>
public sealed class QueueProbe(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<TierQueue>> TiersAsync()
    {
        var db = redis.GetDatabase();
        var tiers = Enum.GetValues<Tier>();
        var lengths = tiers.Select(t => db.StreamLengthAsync(RedisKeys.Stream(t))).ToArray();
        // The first entry is the oldest: stream ids start with the enqueue time in milliseconds.
        var firsts = tiers.Select(t => db.StreamRangeAsync(RedisKeys.Stream(t), "-", "+", count: 1)).ToArray();
        await Task.WhenAll([.. lengths, .. firsts]);
        return tiers.Select((t, i) => new TierQueue(t, lengths[i].Result, OldestAt(firsts[i].Result))).ToList();
    }

    /// <summary>Workers whose heartbeat has not expired (one key each, <see cref="RedisKeys.HeartbeatPrefix"/>).</summary>
    public async Task<int> WorkersAliveAsync()
    {
        var count = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var _ in redis.GetServer(endpoint).KeysAsync(pattern: RedisKeys.HeartbeatPrefix + "*", pageSize: 100))
            {
                count++;
            }
        }
        return count;
    }

    private static DateTimeOffset? OldestAt(StreamEntry[] entries) =>
        entries.Length > 0 && entries[0].Id.ToString() is { } id && long.TryParse(id.Split('-')[0], out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
