using System.Threading.Channels;
using Aimo.Admin.Live;
using Aimo.Core.Budget;
using Aimo.Data.Alerts;
using Aimo.Data.Budget;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Alerts;

/// <summary>
/// Watches today's spend and sends each crossed threshold once per budget day: shown on every open page (pub/sub),
/// posted to the webhook, recorded in the audit log. Every admin replica runs one; <see cref="BudgetAlertLog"/>'s claim
/// makes exactly one of them send. It looks when a batch commits or the settings change, and every
/// <see cref="BudgetAlertOptions.CheckInterval"/> otherwise.
/// </summary>
public sealed partial class BudgetAlertMonitor(LiveUpdates live, BudgetQueries budget, BudgetAlertLog alerts, BudgetAlertWebhook webhook,
    IOptions<BudgetAlertOptions> options, TimeProvider time, ILogger<BudgetAlertMonitor> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _claimant = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly HashSet<string> _handled = [];
    private DateOnly _handledDay;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(e =>
        {
            if (e.Topic is LiveTopic.Batches or LiveTopic.Settings) _wake.Writer.TryWrite(true);
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(logger, ex);
            }
            await WaitAsync(stoppingToken);
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.CheckInterval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await _wake.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The interval passed without a change: look anyway.
        }
    }

    /// <summary>Sends what today's spend has crossed and nobody has sent yet.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var today = await budget.GetTodayAsync(cancellationToken);
        if (today.Day != _handledDay)
        {
            _handled.Clear();
            _handledDay = today.Day;
        }
        var snapshot = new BudgetSnapshot(BudgetLimits.From(today.BudgetUsd, today.SoftLimitFraction),
            Micros.FromCostUsd(today.SpentUsd), Micros.FromCostUsd(today.ReservedUsd));
        foreach (var threshold in BudgetThresholds.Crossed(snapshot, options.Value.EffectiveFractions))
        {
            if (_handled.Contains(threshold.Id))
            {
                continue;
            }
            var claimed = await alerts.TryClaimAsync(today.Day, threshold.Id, _claimant, cancellationToken);
            // Remembered locally so a busy day does not ask Redis again for every batch; the claim decides across replicas.
            _handled.Add(threshold.Id);
            if (!claimed)
            {
                continue;
            }
            var alert = new BudgetAlert(today.Day, today.TimeZone, threshold.Id, threshold.Title, today.BudgetUsd, today.SpentUsd,
                today.OverspendUsd, time.GetUtcNow());
            await alerts.PublishAsync(alert);
            var delivery = await webhook.PostAsync(alert, cancellationToken);
            await alerts.RecordAsync(alert with { Delivery = delivery }, cancellationToken);
            LogSent(logger, threshold.Id, today.Day, delivery);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Budget alert {Threshold} for {Day} sent (webhook: {Delivery})")]
    private static partial void LogSent(ILogger logger, string threshold, DateOnly day, string delivery);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Checking the budget for alerts failed; trying again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
