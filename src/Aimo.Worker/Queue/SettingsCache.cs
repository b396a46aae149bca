using Aimo.Core.Budget;
using Aimo.Core.Queue;
using Aimo.Data;
using Aimo.Data.Entities;
using Aimo.Worker.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>The operator's settings row, reloaded every few seconds and at once on the settings-changed message.</summary>
public sealed partial class SettingsCache(
    IServiceScopeFactory scopes, IConnectionMultiplexer redis, IOptions<WorkerOptions> options, TimeProvider time, ILogger<SettingsCache> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);
    private volatile CurrentSettings _current = new(5m, 0.9m, new BudgetClock(TimeProvider.System));
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record CurrentSettings(decimal DailyBudgetUsd, decimal SoftLimitFraction, BudgetClock Clock);

    public CurrentSettings Current => _current;

    public Task Loaded => _loaded.Task;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken)
            ?? new SettingsRecord();
        BudgetClock clock;
        try
        {
            clock = new BudgetClock(time, row.TimeZone);
        }
        catch (ArgumentException ex)
        {
            LogBadTimeZone(logger, ex, row.TimeZone);
            clock = new BudgetClock(time);
        }
        _current = new CurrentSettings(row.DailyBudgetUsd, (decimal)row.SoftLimitFraction, clock);
        _loaded.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var subscriber = redis.GetSubscriber();
            await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.SettingsChangedChannel), (_, _) => _changed.Release());
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
