namespace Aimo.Core.Budget;

/// <summary>The day's budget and soft limit in micro-dollars, as every budget decision and script compares them.</summary>
public readonly record struct BudgetLimits(long BudgetMicros, long SoftLimitMicros)
{
    public static BudgetLimits From(decimal dailyBudgetUsd, decimal softLimitFraction)
    {
        // The ranges the settings are saved with (a value outside them is a bug, not a budget). JSON's -0 is a zero
        // budget: decimal keeps a sign on zero, and the range compares values, not signs.
        if (!BudgetSettingsRules.IsDailyBudgetInRange(dailyBudgetUsd))
            throw new ArgumentOutOfRangeException(nameof(dailyBudgetUsd), dailyBudgetUsd, BudgetSettingsRules.DailyBudgetRange);
        if (!BudgetSettingsRules.IsSoftLimitFractionInRange(softLimitFraction))
            throw new ArgumentOutOfRangeException(nameof(softLimitFraction), softLimitFraction, BudgetSettingsRules.SoftLimitFractionRange);
        return new BudgetLimits(Micros.FromLimitUsd(dailyBudgetUsd), Micros.FromLimitUsd(dailyBudgetUsd * softLimitFraction));
    }
}
