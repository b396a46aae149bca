using System.Collections.Immutable;
using Aimo.Data.Llm;
using Aimo.Data.Queue;
using StackExchange.Redis;
using Aimo.Data.Live;
using Aimo.Data.Budget;
using Aimo.Data.Alerts;

namespace Aimo.Admin.Live;

/// <summary>
/// Changes pushed to open pages. One Redis pub/sub subscription per admin replica fans out to every circuit, instead
/// of each circuit polling PostgreSQL. Queue lengths and the LLM's health have no publisher (ingest and the workers
/// only write them), so this replica reads them from Redis every <see cref="PulseInterval"/> (a few cheap commands,
/// once per replica) and raises an event only when they change.
/// </summary>
public sealed partial class LiveUpdates(IConnectionMultiplexer redis, SignatureQueue queue, LlmStatusQueries llm, TimeProvider time,
    ILogger<LiveUpdates> logger)
    : BackgroundService
{
    public static readonly TimeSpan PulseInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(5);

    private ImmutableArray<Action<LiveEvent>> _handlers = [];

    /// <summary>Calls <paramref name="handler"/> for every event until disposed. Handlers must be quick (they run on Redis's thread).</summary>
    public IDisposable Subscribe(Action<LiveEvent> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, h => h.Add(handler));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _handlers, h => h.Remove(handler)));
    }

    /// <summary>
    /// Calls <paramref name="refresh"/> after any of <paramref name="topics"/> changed, at most once per
    /// <paramref name="interval"/> however many changes arrive: a busy worker commits many batches a second.
    /// </summary>
    public LiveRefresh OnChange(IEnumerable<LiveTopic> topics, TimeSpan interval, Func<Task> refresh) =>
        new(this, topics, interval, time, refresh, logger);

    /// <summary>Hands an event to every subscriber: from Redis pub/sub, or from this replica's own pulse.</summary>
    private void Raise(LiveEvent e)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(e);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(logger, e.Topic, ex);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeAsync(stoppingToken);
        using var timer = new PeriodicTimer(PulseInterval, time);
        string? queueState = null;
        LlmStatusView? llmState = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var tiers = string.Join(';', (await queue.BacklogAsync()).Select(t => $"{t.Tier}={t.Length}@{t.OldestAt?.ToUnixTimeMilliseconds()}"));
                if (Changed(ref queueState, tiers)) Raise(new LiveEvent(LiveTopic.Queue));
                if (Changed(ref llmState, await llm.GetHealthAsync())) Raise(new LiveEvent(LiveTopic.Llm));
            }
            catch (RedisException ex)
            {
                LogPulseFailed(logger, ex);
            }
        }
    }

    /// <summary>Subscribes once; StackExchange.Redis restores the subscriptions itself after a reconnect.</summary>
    private async Task SubscribeAsync(CancellationToken stoppingToken)
    {
        (string Channel, LiveTopic Topic)[] channels =
        [
            (ChangeChannels.Batches, LiveTopic.Batches), (ChangeChannels.Review, LiveTopic.Review),
            (BudgetKeys.SettingsChangedChannel, LiveTopic.Settings), (BudgetAlertKeys.Channel, LiveTopic.BudgetAlert),
        ];
        while (true)
        {
            try
            {
                var subscriber = redis.GetSubscriber();
                foreach (var (channel, topic) in channels)
                {
                    await subscriber.SubscribeAsync(RedisChannel.Literal(channel), (_, message) => Raise(new LiveEvent(topic, message)));
                }
                return;
            }
            catch (RedisException ex)
            {
                // Redis down at start: pages still load; they update by push once this succeeds.
                LogSubscribeFailed(logger, ex);
                await Task.Delay(SubscribeRetry, time, stoppingToken);
            }
        }
    }

    /// <summary>True when <paramref name="current"/> differs from the last reading (the first reading only sets it).</summary>
    private static bool Changed<T>(ref T? last, T current) where T : class
    {
        var changed = last is not null && !last.Equals(current);
        last = current;
        return changed;
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "A live-update handler for {Topic} failed")]
    private static partial void LogHandlerFailed(ILogger logger, LiveTopic topic, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Reading queue and LLM state for live updates failed; trying again")]
    private static partial void LogPulseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Subscribing to Redis for live updates failed; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
