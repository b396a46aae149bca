using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>
/// Ownership of pending entries: a consumer keeps its entries fresh while it holds them; entries are taken only from a
/// consumer whose heartbeat is gone, or that nobody refreshed for the reclaim time, so a slow batch is never taken from
/// a live worker; and a live consumer finds the entries it holds in Redis but lost track of (its orphans).
/// </summary>
public sealed partial class SignatureQueue
{
    private const int MaxPerConsumer = 500;

    /// <summary>Resets the idle time of the entries this consumer holds; returns those it no longer owns.</summary>
    public async Task<IReadOnlyList<string>> KeepAliveAsync(string consumer, Tier tier, IReadOnlyCollection<string> entryIds)
    {
        if (entryIds.Count == 0)
        {
            return [];
        }
        var lost = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.KeepAlive, [QueueKeys.Stream(tier)],
            [QueueKeys.ConsumerGroup, consumer, .. entryIds.Select(id => (RedisValue)id)]))!;
        return [.. lost.Select(r => (string)r!)];
    }

    /// <summary>The other consumers of a tier's group that have no heartbeat now (candidates to be confirmed dead).</summary>
    public async Task<IReadOnlyList<string>> WithoutHeartbeatAsync(string consumer, Tier tier)
    {
        var consumers = await Db.StreamConsumerInfoAsync(QueueKeys.Stream(tier), QueueKeys.ConsumerGroup);
        var silent = new List<string>();
        foreach (var name in consumers.Select(c => (string)c.Name!).Where(n => n != consumer && n != QueueKeys.BatchJobsConsumer))
        {
            if (!await Db.KeyExistsAsync(QueueKeys.Heartbeat(name)))
            {
                silent.Add(name);
            }
        }
        return silent;
    }

    /// <summary>
    /// Claims for <paramref name="consumer"/> the entries of <paramref name="dead"/> consumers (still without a
    /// heartbeat) that were not refreshed for <paramref name="minIdle"/>, and removes such consumers once they hold nothing.
    /// </summary>
    public async Task<List<QueueEntry>> ClaimFromDeadAsync(string consumer, Tier tier, TimeSpan minIdle, IReadOnlyCollection<string> dead)
    {
        if (dead.Count == 0)
        {
            return [];
        }
        var ids = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.ClaimFromDead, [QueueKeys.Stream(tier)],
            [QueueKeys.ConsumerGroup, consumer, QueueKeys.HeartbeatPrefix, (long)minIdle.TotalMilliseconds, MaxPerConsumer,
                .. dead.Select(d => (RedisValue)d)]))!;
        return ids.Length == 0 ? [] : await LoadAsync(tier, [.. ids.Select(r => (string)r!)]);
    }

    /// <summary>
    /// Claims for <paramref name="consumer"/> entries nobody refreshed for <paramref name="minIdle"/>, whoever holds
    /// them — except the Batch API jobs' consumer, whose entries wait for their job (XCLAIM checks the idle time
    /// atomically, so two replicas never both get an entry).
    /// </summary>
    public async Task<List<QueueEntry>> ReclaimIdleAsync(string consumer, Tier tier, TimeSpan minIdle)
    {
        var stream = QueueKeys.Stream(tier);
        var consumers = await Db.StreamConsumerInfoAsync(stream, QueueKeys.ConsumerGroup);
        var ids = new List<string>();
        foreach (var holder in consumers.Select(c => (string)c.Name!).Where(n => n != consumer && n != QueueKeys.BatchJobsConsumer))
        {
            var idle = await PendingIdleAsync(tier, holder, minIdle);
            if (idle.Count > 0)
            {
                var claimed = await Db.StreamClaimIdsOnlyAsync(stream, QueueKeys.ConsumerGroup, consumer, (long)minIdle.TotalMilliseconds,
                    [.. idle.Select(id => (RedisValue)id)]);
                ids.AddRange(claimed.Select(id => (string)id!));
            }
        }
        return ids.Count == 0 ? [] : await LoadAsync(tier, ids);
    }

    /// <summary>
    /// Moves entries that <paramref name="from"/> holds to <paramref name="to"/> (an entry held by anyone else stays
    /// where it is) and returns the ids moved: how entries are handed to a Batch API job and given back from one.
    /// </summary>
    public async Task<IReadOnlyList<string>> MoveAsync(Tier tier, string from, string to, IReadOnlyCollection<string> entryIds)
    {
        if (entryIds.Count == 0)
        {
            return [];
        }
        var moved = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.Move, [QueueKeys.Stream(tier)],
            [QueueKeys.ConsumerGroup, from, to, .. entryIds.Select(id => (RedisValue)id)]))!;
        return [.. moved.Select(r => (string)r!)];
    }

    /// <summary>The ids <paramref name="consumer"/> holds that nobody refreshed for <paramref name="minIdle"/>.</summary>
    public async Task<IReadOnlyList<string>> PendingIdleAsync(Tier tier, string consumer, TimeSpan minIdle)
    {
        var pending = await Db.ExecuteAsync("XPENDING", QueueKeys.Stream(tier), QueueKeys.ConsumerGroup,
            "IDLE", (long)minIdle.TotalMilliseconds, "-", "+", MaxPerConsumer, consumer);
        return [.. ((RedisResult[])pending!).Select(e => (string)((RedisResult[])e!)[0]!)];
    }

    /// <summary>
    /// The entries Redis says <paramref name="consumer"/> holds, unrefreshed for at least <paramref name="minIdle"/>,
    /// that are not in <paramref name="tracked"/>: entries it read or claimed but lost track of. Since a consumer
    /// refreshes every entry it tracks, these are exactly the ones that would otherwise wait for the reclaim time.
    /// </summary>
    public async Task<List<QueueEntry>> OrphansAsync(string consumer, Tier tier, TimeSpan minIdle, IReadOnlySet<string> tracked)
    {
        var pending = await Db.ExecuteAsync("XPENDING", QueueKeys.Stream(tier), QueueKeys.ConsumerGroup,
            "IDLE", (long)minIdle.TotalMilliseconds, "-", "+", MaxPerConsumer, consumer);
        var ids = ((RedisResult[])pending!).Select(e => (string)((RedisResult[])e!)[0]!).Where(id => !tracked.Contains(id)).ToList();
        return ids.Count == 0 ? [] : await LoadAsync(tier, ids);
    }
}
