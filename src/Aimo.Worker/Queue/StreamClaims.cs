using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// Ownership of pending entries: keeps this consumer's entries fresh while it holds them, and claims those of dead
/// consumers. An entry is only ever taken from a consumer whose heartbeat is gone, or that nobody refreshed for
/// the reclaim time, so a slow batch is never taken from a live worker.
/// </summary>
public sealed class StreamClaims(IConnectionMultiplexer redis, ConsumerIdentity identity, WorkQueue queue)
{
    private const int MaxPerConsumer = 500;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Resets the idle time of the entries this consumer holds; returns those it no longer owns.</summary>
    public async Task<IReadOnlyList<string>> KeepAliveAsync(Tier tier, IReadOnlyCollection<string> entryIds)
    {
        if (entryIds.Count == 0)
        {
            return [];
        }
        var lost = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.KeepAlive, [RedisKeys.Stream(tier)],
            [RedisKeys.ConsumerGroup, identity.Name, .. entryIds.Select(id => (RedisValue)id)]))!;
        return [.. lost.Select(r => (string)r!)];
    }

    /// <summary>The other consumers of a tier's group that have no heartbeat now (candidates for <see cref="DeadConsumers"/>).</summary>
    public async Task<IReadOnlyList<string>> WithoutHeartbeatAsync(Tier tier)
    {
        var consumers = await Db.StreamConsumerInfoAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup);
        var silent = new List<string>();
        foreach (var name in consumers.Select(c => (string)c.Name!).Where(n => n != identity.Name))
        {
            if (!await Db.KeyExistsAsync(RedisKeys.Heartbeat(name)))
            {
                silent.Add(name);
            }
        }
        return silent;
    }

    /// <summary>
    /// Claims the entries of <paramref name="dead"/> consumers (still without a heartbeat) that were not refreshed for
    /// <paramref name="minIdle"/>, and removes such consumers once they hold nothing.
    /// </summary>
    public async Task<List<QueueEntry>> ClaimFromDeadAsync(Tier tier, TimeSpan minIdle, IReadOnlyCollection<string> dead)
    {
        if (dead.Count == 0)
        {
            return [];
        }
        var ids = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.ClaimFromDead, [RedisKeys.Stream(tier)],
            [RedisKeys.ConsumerGroup, identity.Name, RedisKeys.HeartbeatPrefix, (long)minIdle.TotalMilliseconds, MaxPerConsumer,
                .. dead.Select(d => (RedisValue)d)]))!;
        return ids.Length == 0 ? [] : await queue.LoadAsync(tier, [.. ids.Select(r => (string)r!)]);
    }

    /// <summary>Claims entries nobody refreshed for <paramref name="minIdle"/>, whoever holds them (XAUTOCLAIM).</summary>
    public async Task<List<QueueEntry>> ReclaimIdleAsync(Tier tier, TimeSpan minIdle)
    {
        var result = await Db.StreamAutoClaimIdsOnlyAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, identity.Name,
            (long)minIdle.TotalMilliseconds, "0-0", MaxPerConsumer);
        var ids = result.ClaimedIds.Select(id => (string)id!).ToList();
        return ids.Count == 0 ? [] : await queue.LoadAsync(tier, ids);
    }
}
