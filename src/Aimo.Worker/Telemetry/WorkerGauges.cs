using Aimo.Data.Budget;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Data.Queue;

namespace Aimo.Worker.Telemetry;

/// <summary>
/// Refreshes <see cref="GaugeReadings"/> every few seconds from their owners: the budget through the
/// <see cref="BudgetLedger"/>, the backlog through <see cref="SignatureQueue"/>, the rate limits through
/// <see cref="ProviderRateLimits"/>. Every replica reports the same shared values (tell them apart by service instance).
/// </summary>
public sealed partial class WorkerGauges(
    GaugeReadings readings, WorkerTelemetry telemetry, BudgetLedger ledger, BudgetSettingsCache settings, SignatureQueue queue,
    ProviderRateLimits rateLimits, ILogger<WorkerGauges> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        telemetry.ObserveGauges(readings);
        try
        {
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
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(logger, ex);
            }
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var current = settings.Value;
        var budget = await ledger.SnapshotAsync(current.Clock.Today, current.Limits, cancellationToken);
        readings.Update(budget, await queue.BacklogAsync(), await rateLimits.SnapshotAsync());
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Could not refresh the worker's gauges; they keep their last values")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
