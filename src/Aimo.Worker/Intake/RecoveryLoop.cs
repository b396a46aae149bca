using Aimo.Data;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Intake;

/// <summary>
/// Keeps this consumer's heartbeat and every entry it holds fresh (so a slow batch is never taken from it), learns of
/// entries it lost to another consumer, claims the entries of consumers whose heartbeat is gone, reclaims anything
/// nobody refreshed for <see cref="WorkerOptions.ReclaimIdle"/>, and adopts the entries Redis says this consumer holds
/// but its <see cref="Holdings"/> do not (read or claimed, then dropped by a failure): an entry a live worker holds
/// but is not working on is back to work within a few keep-alive periods.
/// </summary>
public sealed partial class RecoveryLoop(
    IConnectionMultiplexer redis,
    ConsumerIdentity identity,
    SignatureQueue queue,
    Holdings holdings,
    TimeProvider time,
    IOptions<WorkerOptions> options,
    ILogger<RecoveryLoop> logger) : BackgroundService
{
    private WorkerOptions Options => options.Value;

    // Per tier: a consumer is claimed from once it has been without a heartbeat for two passes' worth of time.
    private readonly Dictionary<Tier, DeadConsumers> _dead = Enum.GetValues<Tier>()
        .ToDictionary(t => t, _ => new DeadConsumers(time, options.Value.KeepAliveInterval * 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync();
            }
            catch (Exception ex) when (RedisFailure.Is(ex))
            {
                LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(Options.KeepAliveInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // Stopping: drop the heartbeat so a surviving replica claims what is left as soon as it is idle.
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(identity.HeartbeatKey);
        }
        catch (RedisException)
        {
        }
    }

    /// <summary>An entry this consumer holds in Redis, untracked for this long, is an orphan: refreshed entries never get this idle.</summary>
    private TimeSpan OrphanIdle => Options.KeepAliveInterval * 2;

    public async Task RunOnceAsync()
    {
        var me = identity.Name;
        await redis.GetDatabase().StringSetAsync(identity.HeartbeatKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Options.HeartbeatTimeout);
        identity.MarkAlive();
        // The Batch API jobs' budget reservations are held under their consumer's name: alive while any worker is.
        await redis.GetDatabase().StringSetAsync(QueueKeys.Heartbeat(QueueKeys.BatchJobsConsumer), me, Options.HeartbeatTimeout);
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var lost = await queue.KeepAliveAsync(me, tier, holdings.EntryIds(tier));
            if (lost.Count > 0)
            {
                holdings.Lost(tier, lost);
                LogLost(logger, lost.Count, tier);
            }
            var dead = _dead[tier].Confirm([.. await queue.WithoutHeartbeatAsync(me, tier)]);
            var fromDead = await queue.ClaimFromDeadAsync(me, tier, Options.HeartbeatTimeout, dead);
            var idle = await queue.ReclaimIdleAsync(me, tier, Options.ReclaimIdle);
            var orphans = await queue.OrphansAsync(me, tier, OrphanIdle, holdings.EntryIds(tier));
            List<QueueEntry> claimed = [.. fromDead, .. idle, .. orphans];
            if (claimed.Count > 0)
            {
                holdings.AddReady(claimed);
                LogClaimed(logger, claimed.Count, tier, fromDead.Count, idle.Count, orphans.Count);
            }
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Recovery pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information,
        Message = "Claimed {Count} tier {Tier} entries ({FromDead} from dead consumers, {Idle} idle, {Orphans} held here but untracked)")]
    private static partial void LogClaimed(ILogger logger, int count, Tier tier, int fromDead, int idle, int orphans);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{Count} tier {Tier} entries now belong to another consumer; this worker forgets them")]
    private static partial void LogLost(ILogger logger, int count, Tier tier);
}
