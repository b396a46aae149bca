namespace Aimo.Core.Budget;

/// <summary>The day's budget and soft limit in micro-dollars, as every budget decision and script compares them.</summary>
public readonly record struct BudgetLimits(long BudgetMicros, long SoftLimitMicros)
{
    public static BudgetLimits From(decimal dailyBudgetUsd, decimal softLimitFraction)
    {
        // Compared, not ThrowIfNegative: decimal keeps a sign on zero, and JSON's -0 is a zero budget, not a negative one.
        if (dailyBudgetUsd < 0m) throw new ArgumentOutOfRangeException(nameof(dailyBudgetUsd), dailyBudgetUsd, "The budget cannot be negative.");
        if (softLimitFraction is < 0m or > 1m) throw new ArgumentOutOfRangeException(nameof(softLimitFraction), softLimitFraction, "The soft limit is a fraction from 0 to 1.");
        return new BudgetLimits(Micros.FromLimitUsd(dailyBudgetUsd), Micros.FromLimitUsd(dailyBudgetUsd * softLimitFraction));
    }
}
