namespace Aimo.Core.Budget;

/// <summary>Today's budget position, all in USD.</summary>
/// <param name="BudgetUsd">The daily budget.</param>
/// <param name="SpentUsd">Settled cost so far today.</param>
/// <param name="ReservedUsd">Reserved for calls in flight.</param>
/// <param name="SoftLimitFraction">Fraction of the budget past which tier C waits (default 0.9).</param>
public sealed record BudgetSnapshot(decimal BudgetUsd, decimal SpentUsd, decimal ReservedUsd, decimal SoftLimitFraction = 0.9m)
{
    public decimal CommittedUsd => SpentUsd + ReservedUsd;

    public decimal SoftLimitUsd => SoftLimitFraction * BudgetUsd;

    public decimal RemainingUsd => Math.Max(0, BudgetUsd - CommittedUsd);

    /// <summary>Open below the soft limit, soft-limited from it, exhausted from the full budget.</summary>
    public BudgetState State =>
        CommittedUsd >= BudgetUsd ? BudgetState.Exhausted
        : CommittedUsd >= SoftLimitUsd ? BudgetState.SoftLimited
        : BudgetState.Open;
}
