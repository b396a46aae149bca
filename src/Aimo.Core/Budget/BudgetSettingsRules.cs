using System.Globalization;

namespace Aimo.Core.Budget;

/// <summary>
/// The one place the budget settings' ranges are decided: the API (<c>PUT /api/budget</c>), the admin form and
/// <see cref="BudgetLimits"/> all ask here, so none accepts a value another refuses. Saved values also have at most 4
/// decimal places, as the store keeps them (more would be rounded silently).
/// </summary>
public static class BudgetSettingsRules
{
    public const decimal MaxDailyBudgetUsd = 1_000_000m;

    /// <summary>The smallest soft limit the store can hold; 0 would stop tier C for good, which no operator means.</summary>
    public const decimal MinSoftLimitFraction = 0.0001m;

    private const int StoredDecimalPlaces = 4;

    public static readonly string DailyBudgetRange =
        $"The daily budget must be between 0 and {MaxDailyBudgetUsd.ToString("N0", CultureInfo.InvariantCulture)} USD.";

    public const string SoftLimitFractionRange =
        "The soft limit is a fraction of the budget greater than 0 and at most 1 (e.g. 0.9 for 90 %).";

    public static bool IsDailyBudgetInRange(decimal usd) => usd is >= 0m and <= MaxDailyBudgetUsd;

    public static bool IsSoftLimitFractionInRange(decimal fraction) => fraction is >= MinSoftLimitFraction and <= 1m;

    /// <summary>Why <paramref name="usd"/> cannot be saved as the daily budget, or null when it can.</summary>
    public static string? DailyBudgetError(decimal usd) =>
        !IsDailyBudgetInRange(usd) ? DailyBudgetRange
        : !IsStorable(usd) ? $"The daily budget has at most {StoredDecimalPlaces} decimal places."
        : null;

    /// <summary>Why <paramref name="fraction"/> cannot be saved as the soft limit, or null when it can.</summary>
    public static string? SoftLimitFractionError(decimal fraction) =>
        !IsSoftLimitFractionInRange(fraction) ? SoftLimitFractionRange
        : !IsStorable(fraction) ? $"The soft limit fraction has at most {StoredDecimalPlaces} decimal places."
        : null;

    private static bool IsStorable(decimal value) => decimal.Round(value, StoredDecimalPlaces) == value;
}
