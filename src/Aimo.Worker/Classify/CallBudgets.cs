using System.Collections.Concurrent;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Budget;
using Aimo.Worker.Budget;
using Aimo.Worker.Intake;
using Aimo.Worker.Options;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Classify;

/// <summary>
/// Hands each batch its <see cref="CallBudget"/>, tells tier C's gate what its batches met, and notices when tier A
/// and B spend passes 100 % of the day's budget (allowed by the design, but never silent: a log line and a metric).
/// </summary>
public sealed partial class CallBudgets(
    BudgetLedger ledger, BudgetSettingsCache settings, ModelPricing pricing, ConsumerIdentity identity, TierCAdmission tierC,
    WorkerTelemetry telemetry, IOptions<WorkerOptions> options, ILogger<CallBudgets> logger) : ICallBudgets
{
    private readonly ConcurrentDictionary<DateOnly, byte> _overspendReported = new();

    internal BudgetLedger Ledger => ledger;
    internal BudgetSettingsCache Settings => settings;
    internal ModelPricing Pricing => pricing;
    internal ConsumerIdentity Identity => identity;
    internal WorkerTelemetry Telemetry => telemetry;
    internal ILogger Logger => logger;
    internal TimeSpan LeaseDuration => options.Value.ReservationLease;

    public ICallBudget For(Tier tier) => new CallBudget(this, tier);

    public void Ended(Tier tier, ICallBudget budget)
    {
        if (budget.RefusedEstimateMicros is { } refused)
        {
            tierC.Refused(refused);
        }
        else if (tier == Tier.C)
        {
            tierC.Granted();
        }
    }

    internal void Settled(Tier tier, DateOnly day, long spentMicros)
    {
        var budget = settings.Value.Limits.BudgetMicros;
        if (spentMicros > budget && tier != Tier.C && _overspendReported.TryAdd(day, 0))
        {
            telemetry.Overspends.Add(1, new KeyValuePair<string, object?>("tier", tier.ToString()));
            LogOverspend(logger, day, Micros.ToUsd(spentMicros), Micros.ToUsd(budget), Micros.ToUsd(spentMicros - budget));
        }
    }

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning,
        Message = "Budget day {Day}: tier A/B spend passed the daily budget (spent ${SpentUsd} of ${BudgetUsd}, over by ${OverspendUsd}); A and B keep being analysed, C waits")]
    private static partial void LogOverspend(ILogger logger, DateOnly day, decimal spentUsd, decimal budgetUsd, decimal overspendUsd);
}
