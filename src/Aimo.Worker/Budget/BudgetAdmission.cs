using System.Collections.Concurrent;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Budget;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Intake;
using Aimo.Worker.Options;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Budget;

/// <summary>
/// Admission for this worker (see <see cref="IBudgetAdmission"/>): hands each batch its <see cref="CallBudget"/>, keeps
/// tier C's <see cref="TierCGate"/> (reading today's counters from the <see cref="BudgetLedger"/> only while C waits),
/// and notices when tier A and B spend passes 100 % of the day's budget (allowed by the design, but never silent: a log
/// line and a metric).
/// </summary>
public sealed partial class BudgetAdmission(
    BudgetLedger ledger, BudgetSettingsCache settings, ModelPricing pricing, ConsumerIdentity identity, TierCGate tierC,
    WorkerTelemetry telemetry, IOptions<WorkerOptions> options, ILogger<BudgetAdmission> logger) : IBudgetAdmission
{
    private readonly ConcurrentDictionary<DateOnly, byte> _overspendReported = new();

    internal BudgetLedger Ledger => ledger;
    internal BudgetSettingsCache Settings => settings;
    internal ModelPricing Pricing => pricing;
    internal ConsumerIdentity Identity => identity;
    internal WorkerTelemetry Telemetry => telemetry;
    internal ILogger Logger => logger;
    internal TimeSpan LeaseDuration => options.Value.ReservationLease;

    public async Task<bool> MayTakeAsync(Tier tier, CancellationToken cancellationToken)
    {
        if (!BudgetPolicy.MayDefer(tier))
        {
            return true;
        }
        var current = settings.Value;
        return await tierC.IsOpenAsync(() => ledger.SnapshotAsync(current.Clock.Today, current.Limits, cancellationToken),
            current.Settings, current.Clock.Today);
    }

    public ICallBudget Open(Tier tier) => new CallBudget(this, tier);

    public void Close(Tier tier, ICallBudget budget)
    {
        if (budget.RefusedEstimateMicros is { } refused)
        {
            var current = settings.Value;
            tierC.Refused(refused, current.Settings, current.Clock.Today);
        }
        else if (BudgetPolicy.MayDefer(tier))
        {
            tierC.Granted();
        }
    }

    /// <summary>
    /// Reserves a Batch API job (tier C) at the batch price, under the job consumer's heartbeat so the lease outlives
    /// the replica that submitted it. Null when the budget holds C back (the same rule as a synchronous call): tier C's
    /// gate then closes as for a refused batch.
    /// </summary>
    public async Task<BudgetLease?> ReserveJobAsync(long estimateMicros, CancellationToken cancellationToken)
    {
        var current = settings.Value;
        var reservation = await ledger.ReserveAsync(current.Clock.Today, Tier.C, estimateMicros, current.Limits,
            Aimo.Data.Queue.QueueKeys.BatchJobsConsumer, BatchApiOptions.ReservationLease, cancellationToken);
        telemetry.Reservations.Add(1, new("tier", "C"), new("outcome", reservation.Allowed ? "granted" : "refused"));
        if (reservation.Lease is null)
        {
            tierC.Refused(estimateMicros, current.Settings, current.Clock.Today);
        }
        else
        {
            tierC.Granted();
        }
        return reservation.Lease;
    }

    /// <summary>Settles a job's lease at what its lines cost (0 releases it) and mirrors the day's spend to PostgreSQL.</summary>
    public async Task SettleJobAsync(BudgetLease lease, long actualMicros, CancellationToken cancellationToken)
    {
        var spent = await ledger.SettleAsync(lease, actualMicros, cancellationToken);
        await ledger.MirrorAsync(lease.Day, settings.Value.Settings.DailyBudgetUsd, spent, cancellationToken);
    }

    internal void Settled(Tier tier, DateOnly day, long spentMicros)
    {
        var budget = settings.Value.Limits.BudgetMicros;
        if (spentMicros > budget && !BudgetPolicy.MayDefer(tier) && _overspendReported.TryAdd(day, 0))
        {
            telemetry.Overspends.Add(1, new KeyValuePair<string, object?>("tier", tier.ToString()));
            LogOverspend(logger, day, Micros.ToUsd(spentMicros), Micros.ToUsd(budget), Micros.ToUsd(spentMicros - budget));
        }
    }

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning,
        Message = "Budget day {Day}: tier A/B spend passed the daily budget (spent ${SpentUsd} of ${BudgetUsd}, over by ${OverspendUsd}); A and B keep being analysed, C waits")]
    private static partial void LogOverspend(ILogger logger, DateOnly day, decimal spentUsd, decimal budgetUsd, decimal overspendUsd);
}
