using Aimo.Data;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Budget;

namespace Aimo.Worker.Budget;

/// <summary>
/// One batch's reservations through the <see cref="BudgetLedger"/>, on the budget day the attempt started in. A
/// reservation or settlement that meets a Redis error is tried again with the same lease id (the ledger recognises
/// it); a reservation that cannot be made at all is released, so no lease of a call never sent is converted later.
/// </summary>
public sealed partial class CallBudget(BudgetAdmission owner, Tier tier) : ICallBudget
{
    private const int RedisTries = 3;
    private long _settledMicros;

    public Tier Tier { get; } = tier;

    public long SettledMicros => Interlocked.Read(ref _settledMicros);

    public BudgetMirror? LastSettlement { get; private set; }

    public long? RefusedEstimateMicros { get; private set; }

    public Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, CancellationToken cancellationToken) =>
        ReserveAsync(estimate, retry: false, cancellationToken);

    public async Task<BudgetLease> ReserveRetryAsync(TokenEstimate estimate, CancellationToken cancellationToken) =>
        (await ReserveAsync(estimate, retry: true, cancellationToken))!;

    private async Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, bool retry, CancellationToken cancellationToken)
    {
        var current = owner.Settings.Value;
        var estimateMicros = owner.Pricing.CostMicros(estimate);
        var day = current.Clock.Today;
        var leaseId = BudgetLedger.NewLeaseId();
        Reservation reservation;
        try
        {
            reservation = await WithRetriesAsync(() => owner.Ledger.ReserveAsync(day, Tier, estimateMicros, current.Limits,
                owner.Identity.Name, owner.LeaseDuration, cancellationToken, leaseId, retry));
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            // The script may have run without its answer arriving: release the lease by its id, in case it did.
            await SettleAsync(new BudgetLease(day, leaseId, Tier, estimateMicros), AttemptBill.Nothing);
            throw;
        }
        owner.Telemetry.Reservations.Add(1, new("tier", Tier.ToString()), new("outcome", reservation.Allowed ? "granted" : "refused"));
        if (reservation.Lease is null)
        {
            RefusedEstimateMicros = estimateMicros;
        }
        return reservation.Lease;
    }

    public async Task SettleAsync(BudgetLease lease, AttemptBill bill)
    {
        var actual = bill.AtEstimate ? lease.EstimateMicros : owner.Pricing.CostMicros(bill.InputTokens, bill.CachedInputTokens, bill.OutputTokens);
        try
        {
            // Settled even when the batch is being cancelled; if Redis cannot be reached, the lease expires and is
            // converted at its estimate, which never counts less than the call could have cost.
            var spent = await WithRetriesAsync(() => owner.Ledger.SettleAsync(lease, actual, CancellationToken.None));
            Interlocked.Add(ref _settledMicros, actual);
            LastSettlement = new BudgetMirror(lease.Day, owner.Settings.Value.Settings.DailyBudgetUsd, spent);
            owner.Settled(Tier, lease.Day, spent);
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            LogSettleFailed(owner.Logger, ex, lease.Id, Micros.ToUsd(actual));
        }
    }

    private static async Task<T> WithRetriesAsync<T>(Func<Task<T>> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception ex) when (RedisFailure.Is(ex) && attempt < RedisTries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Could not settle budget lease {LeaseId} (${ActualUsd}); it will be converted at its estimate when it expires")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string leaseId, decimal actualUsd);
}
