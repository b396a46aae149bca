using Aimo.Core.Budget;
using Aimo.Data.Budget;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Budget;

/// <summary>The operator's budget settings, reloaded every few seconds and at once on the settings-changed message.</summary>
public sealed partial class BudgetSettingsCache(
    BudgetSettingsStore store, IConnectionMultiplexer redis, IOptions<WorkerOptions> options, TimeProvider time, ILogger<BudgetSettingsCache> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Current _current = new(BudgetSettings.Default, BudgetSettings.Default.Clock(time));

    /// <summary>The settings and the clock built from them (one clock per settings version).</summary>
    public sealed record Current(BudgetSettings Settings, BudgetClock Clock)
    {
        public BudgetLimits Limits => Settings.Limits;
    }

    public Current Value => _current;

    public Task Loaded => _loaded.Task;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var settings = await store.LoadAsync(cancellationToken);
        if (settings == _current.Settings && _loaded.Task.IsCompleted)
        {
            return;
        }
        try
        {
            _current = new Current(settings, settings.Clock(time));
        }
        catch (ArgumentException ex)
        {
            // A zone this machine does not know: keep counting on UTC days rather than stop.
            LogBadTimeZone(logger, ex, settings.TimeZone);
            var utc = settings with { TimeZone = BudgetSettings.DefaultTimeZone, PreviousTimeZone = null, ZoneChangeAt = null };
            _current = new Current(utc, utc.Clock(time));
        }
        _loaded.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var subscriber = redis.GetSubscriber();
            await subscriber.SubscribeAsync(RedisChannel.Literal(BudgetKeys.SettingsChangedChannel), (_, _) => _changed.Release());
        }
        catch (RedisException ex)
        {
            LogSubscribeFailed(logger, ex);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReloadFailed(logger, ex);
            }
            try
            {
                await _changed.WaitAsync(options.Value.SettingsRefresh, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Settings reload failed; keeping the last settings")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Could not subscribe to settings changes; polling only")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Settings time zone {TimeZone} is unknown; using UTC")]
    private static partial void LogBadTimeZone(ILogger logger, Exception exception, string timeZone);
}
