using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// Keeps this consumer's heartbeat, claims the pending entries of consumers whose heartbeat is gone (a
/// crashed or stopped worker), XAUTOCLAIMs anything idle past <see cref="WorkerOptions.ReclaimIdle"/>, and
/// touches this worker's deferred entries (XCLAIM JUSTID, no delivery count) so nobody reclaims them.
/// </summary>
public sealed partial class RecoveryLoop(
    IConnectionMultiplexer redis,
    ConsumerIdentity identity,
    ReclaimedEntries reclaimed,
    DeferredEntries deferredEntries,
    IOptions<WorkerOptions> options,
    ILogger<RecoveryLoop> logger) : BackgroundService
{
    private WorkerOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Options.HeartbeatTimeout.Ticks / 4));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(period, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // Stopping: drop the heartbeat so a surviving replica claims what is left at once.
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(ConsumerIdentity.HeartbeatKey(identity.Name));
        }
        catch (RedisException)
        {
        }
    }

    public async Task RunOnceAsync()
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync(ConsumerIdentity.HeartbeatKey(identity.Name), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Options.HeartbeatTimeout);
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var stream = RedisKeys.Stream(tier);
            var deferred = deferredEntries.EntryIds.Select(id => (RedisValue)id).ToArray();
            if (deferred.Length > 0 && tier == Tier.C)
            {
                await db.StreamClaimIdsOnlyAsync(stream, RedisKeys.ConsumerGroup, identity.Name, 0, deferred);
            }
            var info = await db.StreamPendingAsync(stream, RedisKeys.ConsumerGroup);
            if (info.PendingMessageCount == 0)
            {
                continue;
            }
            foreach (var other in info.Consumers.Where(c => c.Name != identity.Name && c.PendingMessageCount > 0))
            {
                var name = (string)other.Name!;
                if (await db.KeyExistsAsync(ConsumerIdentity.HeartbeatKey(name)))
                {
                    continue;
                }
                var pending = await db.StreamPendingMessagesAsync(stream, RedisKeys.ConsumerGroup, 100, name);
                await ClaimAsync(db, tier, pending, minIdleMs: 0, name);
                if (pending.Length < 100 && other.PendingMessageCount <= pending.Length)
                {
                    await db.StreamDeleteConsumerAsync(stream, RedisKeys.ConsumerGroup, other.Name);
                }
            }
            var idle = await db.StreamPendingMessagesAsync(stream, RedisKeys.ConsumerGroup, 100, RedisValue.Null);
            var stale = idle.Where(p => p.IdleTimeInMilliseconds >= (long)Options.ReclaimIdle.TotalMilliseconds
                && !deferredEntries.EntryIds.Contains((string)p.MessageId!)).ToArray();
            await ClaimAsync(db, tier, stale, (long)Options.ReclaimIdle.TotalMilliseconds, "idle");
        }
    }

    private async Task ClaimAsync(IDatabase db, Tier tier, StreamPendingMessageInfo[] pending, long minIdleMs, string from)
    {
        if (pending.Length == 0)
        {
            return;
        }
        var counts = pending.ToDictionary(p => (string)p.MessageId!, p => (long)p.DeliveryCount);
        var claimed = await db.StreamClaimAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, identity.Name, minIdleMs,
            [.. pending.Select(p => p.MessageId)]);
        var entries = claimed.Where(e => !e.IsNull && e.Values is { Length: > 0 })
            .Select(e => QueueEntry.From(tier, e, counts.GetValueOrDefault((string)e.Id!) + 1)).ToList();
        // Entries deleted after their commit but still listed as pending: acknowledge them away.
        var gone = pending.Select(p => p.MessageId).Except(entries.Select(e => (RedisValue)e.EntryId)).ToArray();
        if (gone.Length > 0)
        {
            await db.StreamAcknowledgeAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, gone);
        }
        if (entries.Count > 0)
        {
            reclaimed.Add(entries);
            LogClaimed(logger, entries.Count, tier, from);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Recovery pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Reclaimed {Count} tier {Tier} entries from {From}")]
    private static partial void LogClaimed(ILogger logger, int count, Tier tier, string from);
}
