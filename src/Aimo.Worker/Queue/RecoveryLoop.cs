using Aimo.Core.Signatures;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// Keeps this consumer's heartbeat and every entry it holds fresh (so a slow batch is never taken from it), learns of
/// entries it lost to another consumer, claims the entries of consumers whose heartbeat is gone, and reclaims
/// anything nobody refreshed for <see cref="WorkerOptions.ReclaimIdle"/>.
/// </summary>
public sealed partial class RecoveryLoop(
    IConnectionMultiplexer redis,
    ConsumerIdentity identity,
    StreamClaims claims,
    OwnedEntries owned,
    ReclaimedEntries reclaimed,
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
            catch (Exception ex) when (ex is RedisException or TimeoutException)
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

    public async Task RunOnceAsync()
    {
        await redis.GetDatabase().StringSetAsync(identity.HeartbeatKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Options.HeartbeatTimeout);
        identity.MarkAlive();
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var lost = await claims.KeepAliveAsync(tier, owned.EntryIds(tier));
            if (lost.Count > 0)
            {
                owned.Lost(tier, lost);
                LogLost(logger, lost.Count, tier);
            }
            var dead = _dead[tier].Confirm([.. await claims.WithoutHeartbeatAsync(tier)]);
            var fromDead = await claims.ClaimFromDeadAsync(tier, Options.HeartbeatTimeout, dead);
            var idle = await claims.ReclaimIdleAsync(tier, Options.ReclaimIdle);
            List<QueueEntry> claimed = [.. fromDead, .. idle];
            if (claimed.Count > 0)
            {
                owned.Add(claimed);
                reclaimed.Add(claimed);
                LogClaimed(logger, claimed.Count, tier, fromDead.Count, idle.Count);
            }
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Recovery pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Claimed {Count} tier {Tier} entries ({FromDead} from dead consumers, {Idle} idle)")]
    private static partial void LogClaimed(ILogger logger, int count, Tier tier, int fromDead, int idle);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{Count} tier {Tier} entries now belong to another consumer; their work here is cancelled")]
    private static partial void LogLost(ILogger logger, int count, Tier tier);
}
