using System.Globalization;
using Aimo.Core.Signatures;

namespace Aimo.Core.Budget;

/// <summary>
/// The design document's budget rule, the one place it is decided: tiers A and B are always analysed, even
/// over budget; tier C is deferred (left queued, not lost) once spent + reserved + this call's estimate would
/// pass the soft limit. The reservation script applies exactly this comparison (a property test holds the two
/// together), and the consumer uses it to decide when deferred C is worth trying again.
/// </summary>
public static class BudgetPolicy
{
    /// <summary>Only tier C ever waits for the budget.</summary>
    public static bool MayDefer(Tier tier) => tier == Tier.C;

    public static BudgetDecision Decide(BudgetSnapshot snapshot, Tier tier, long estimateMicros)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfNegative(estimateMicros);
        if (!MayDefer(tier))
        {
            return new BudgetDecision(true, $"Tier {tier} is always analysed.");
        }
        var after = snapshot.CommittedMicros + estimateMicros;
        return after > snapshot.Limits.SoftLimitMicros
            ? new BudgetDecision(false,
                $"Tier C deferred: spent {Usd(snapshot.SpentMicros)} + reserved {Usd(snapshot.ReservedMicros)} + estimate {Usd(estimateMicros)} = {Usd(after)} would pass the soft limit {Usd(snapshot.Limits.SoftLimitMicros)} of {Usd(snapshot.Limits.BudgetMicros)}.")
            : new BudgetDecision(true, $"Tier C within the soft limit: {Usd(after)} of {Usd(snapshot.Limits.SoftLimitMicros)}.");
    }

    /// <summary>
    /// What operators see (dashboard, API, metric): soft-limited once spent + reserved reach the soft limit, so the
    /// smallest tier C estimate would be deferred by <see cref="Decide"/>; exhausted from the full budget.
    /// </summary>
    public static BudgetState StateOf(BudgetSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.CommittedMicros >= snapshot.Limits.BudgetMicros ? BudgetState.Exhausted
            : Decide(snapshot, Tier.C, SmallestEstimateMicros).Deferred ? BudgetState.SoftLimited
            : BudgetState.Open;
    }

    // A call is never estimated at less than a micro-dollar (costs round up).
    private const long SmallestEstimateMicros = 1;

    private static string Usd(long micros) => "$" + Micros.ToUsd(micros).ToString("0.######", CultureInfo.InvariantCulture);
}
