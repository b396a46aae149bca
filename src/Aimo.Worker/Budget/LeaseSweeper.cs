using Aimo.Data.Budget;
using Aimo.Worker.Intake;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Budget;

/// <summary>
/// Converts the reservations of dead workers and expired leases to spend at their estimate (today's and yesterday's,
/// since a call can straddle midnight), and mirrors the day's spend to PostgreSQL whenever it grew — also spend no
/// commit carried (a batch that failed or was abandoned after its calls were settled), so the durable mirror never
/// stays behind Redis. Every replica sweeps; the script is atomic, so a lease is converted once.
/// </summary>
public sealed partial class LeaseSweeper(
    BudgetLedger ledger, BudgetSettingsCache settings, ConsumerIdentity identity, IOptions<WorkerOptions> options, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    // The spend this worker last mirrored per day: a pass writes only when Redis has more.
    private readonly Dictionary<DateOnly, long> _mirrored = [];

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
                        LogConverted(logger, converted, day);
                    }
                    var spent = (await ledger.CountersAsync(day, stoppingToken)).SpentMicros;
                    if (_mirrored.GetValueOrDefault(day) < spent)
                    {
                        await ledger.MirrorAsync(day, current.Settings.DailyBudgetUsd, spent, stoppingToken);
                        _mirrored[day] = spent;
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
