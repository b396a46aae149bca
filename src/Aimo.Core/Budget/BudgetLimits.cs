namespace Aimo.Core.Budget;

/// <summary>The day's budget and soft limit in micro-dollars, as every budget decision and script compares them.</summary>
public readonly record struct BudgetLimits(long BudgetMicros, long SoftLimitMicros)
{
    public static BudgetLimits From(decimal dailyBudgetUsd, decimal softLimitFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dailyBudgetUsd);
        ArgumentOutOfRangeException.ThrowIfNegative(softLimitFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(softLimitFraction, 1m);
        return new BudgetLimits(Micros.FromLimitUsd(dailyBudgetUsd), Micros.FromLimitUsd(dailyBudgetUsd * softLimitFraction));
    }
}
