using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Budget;
using StackExchange.Redis;

namespace Aimo.Worker.Budget;

/// <summary>
/// One batch's reservations: each call is reserved at its estimate and settled at its usage through the
/// <see cref="BudgetLedger"/>, on the budget day the call started in. Keeps what the batch record needs: the settled
/// total, the spend after the last settlement, and the estimate of a refused reservation.
/// </summary>
public sealed partial class BatchBudget(BatchBudgets owner, Tier tier) : ICallBudget
{
    private long _settledMicros;

    public Tier Tier { get; } = tier;

    /// <summary>Sum of this batch's settled calls, in micro-dollars (what its record's actual cost says).</summary>
    public long SettledMicros => Interlocked.Read(ref _settledMicros);

    /// <summary>The day of the last settled call and the day's spend right after it (for the durable mirror).</summary>
    public (DateOnly Day, long SpentMicros)? LastSettlement { get; private set; }

    /// <summary>The estimate of the reservation that was refused, if one was (tier C at the soft limit).</summary>
    public long? RefusedEstimateMicros { get; private set; }

    public int Reservations { get; private set; }

    public async Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, CancellationToken cancellationToken)
    {
        var current = owner.Settings.Value;
        var estimateMicros = owner.Pricing.CostMicros(estimate);
        var reservation = await owner.Ledger.ReserveAsync(current.Clock.Today, Tier, estimateMicros, current.Limits,
            owner.Identity.Name, owner.LeaseDuration, cancellationToken);
        owner.Telemetry.Reservations.Add(1, new("tier", Tier.ToString()), new("outcome", reservation.Allowed ? "granted" : "refused"));
        if (!reservation.Allowed)
        {
            RefusedEstimateMicros = estimateMicros;
            return null;
        }
        Reservations++;
        return reservation.Lease;
    }

    public async Task SettleAsync(BudgetLease lease, long inputTokens, long outputTokens, bool uncertain)
    {
        var actual = uncertain && inputTokens + outputTokens == 0 ? lease.EstimateMicros : owner.Pricing.CostMicros(inputTokens, outputTokens);
        // Settled even when the batch is being cancelled; if Redis cannot be reached, the lease expires and is
        // converted at its estimate, which never counts less than the call could have cost.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var spent = await owner.Ledger.SettleAsync(lease, actual, CancellationToken.None);
                Interlocked.Add(ref _settledMicros, actual);
                LastSettlement = (lease.Day, spent);
                owner.Settled(Tier, lease.Day, spent);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSettleFailed(owner.Logger, ex, lease.Id, Micros.ToUsd(actual));
                return;
            }
        }
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Could not settle budget lease {LeaseId} (${ActualUsd}); it will be converted at its estimate when it expires")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string leaseId, decimal actualUsd);
}
