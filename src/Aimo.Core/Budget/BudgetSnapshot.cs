namespace Aimo.Core.Budget;

/// <summary>Today's budget position in micro-dollars, as the counters hold it.</summary>
/// <param name="Limits">The day's budget and soft limit.</param>
/// <param name="SpentMicros">Settled cost so far today (and expired reservations, converted at their estimate).</param>
/// <param name="ReservedMicros">Reserved for calls in flight.</param>
public sealed record BudgetSnapshot(BudgetLimits Limits, long SpentMicros, long ReservedMicros)
{
    public long CommittedMicros => SpentMicros + ReservedMicros;

    /// <summary>What is left of the budget; never negative.</summary>
    public long RemainingMicros => Math.Max(0, Limits.BudgetMicros - CommittedMicros);

    /// <summary>
    /// Spend past 100 % of the budget. Tier C stops at the soft limit, so this is tier A and B traffic,
    /// which the design document always analyses.
    /// </summary>
    public long OverspendMicros => Math.Max(0, SpentMicros - Limits.BudgetMicros);

    /// <summary>Open below the soft limit, soft-limited from it, exhausted from the full budget (<see cref="BudgetPolicy.StateOf"/>).</summary>
    public BudgetState State => BudgetPolicy.StateOf(this);
}
