using Aimo.Data.Budget;
using Aimo.Worker.Options;
using Aimo.Worker.Queue;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Budget;

/// <summary>
/// Converts the reservations of dead workers and expired leases to spend at their estimate (today's and yesterday's,
/// since a call can straddle midnight), and mirrors the new spend to PostgreSQL. Every replica sweeps; the script
/// is atomic, so a lease is converted once.
/// </summary>
public sealed partial class LeaseSweeper(
    BudgetLedger ledger, BudgetSettingsCache settings, ConsumerIdentity identity, IOptions<WorkerOptions> options, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await identity.Alive.WaitAsync(stoppingToken);
            await settings.Loaded.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var current = settings.Value;
                var today = current.Clock.Today;
                foreach (var day in new[] { today.AddDays(-1), today })
                {
                    if (await ledger.SweepAsync(day, stoppingToken) is > 0 and var converted)
                    {
                        var counters = await ledger.CountersAsync(day, stoppingToken);
                        await ledger.MirrorAsync(day, current.Settings.DailyBudgetUsd, counters.SpentMicros, stoppingToken);
                        LogConverted(logger, converted, day);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(options.Value.KeepAliveInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Converted {Count} unsettled budget lease(s) of {Day} to spend at their estimate (worker gone or lease expired)")]
    private static partial void LogConverted(ILogger logger, int count, DateOnly day);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "Budget lease sweep failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
