using System.Globalization;

namespace Aimo.Core.Budget;

/// <summary>A budget alert threshold: a stable id (one alert per id per budget day) and what it means to an operator.</summary>
/// <param name="Id">E.g. <c>spent-50</c>, <c>soft-limit</c>, <c>spent-100</c>, <c>overspend</c>.</param>
/// <param name="Title">E.g. "50% of the budget spent".</param>
public sealed record BudgetThreshold(string Id, string Title);

/// <summary>
/// Which alert thresholds today's spend has crossed: the configured fractions of the budget (default 50 % and 80 %),
/// the soft limit (tier C waits from there), 100 %, and A/B spend past the budget. Measured on settled spend, not on
/// reservations in flight, so an alert never fires for money that was reserved and then released.
/// </summary>
public static class BudgetThresholds
{
    public static readonly IReadOnlyList<decimal> DefaultFractions = [0.5m, 0.8m];

    public const string SoftLimitId = "soft-limit";
    public const string FullId = "spent-100";
    public const string OverspendId = "overspend";

    /// <summary>The id of a fraction threshold: 0.5 → <c>spent-50</c>.</summary>
    public static string FractionId(decimal fraction) =>
        "spent-" + (fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The thresholds <paramref name="snapshot"/> has crossed, least severe first.</summary>
    /// <param name="snapshot">Today's counters and limits.</param>
    /// <param name="fractions">Fractions of the budget in (0, 1); 1 and the soft limit are built in.</param>
    public static IReadOnlyList<BudgetThreshold> Crossed(BudgetSnapshot snapshot, IEnumerable<decimal> fractions)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var budget = snapshot.Limits.BudgetMicros;
        var spent = snapshot.SpentMicros;
        var crossed = new List<(decimal Order, BudgetThreshold Threshold)>();
        // With no budget, percentages mean nothing; only spending at all (overspend) is worth an alert.
        if (budget > 0)
        {
            foreach (var fraction in fractions.Where(f => f is > 0m and < 1m).Distinct())
            {
                if (spent >= fraction * budget)
                {
                    crossed.Add((fraction, new BudgetThreshold(FractionId(fraction),
                        $"{(fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture)}% of the budget spent")));
                }
            }
            var softFraction = (decimal)snapshot.Limits.SoftLimitMicros / budget;
            if (spent >= snapshot.Limits.SoftLimitMicros)
            {
                crossed.Add((softFraction, new BudgetThreshold(SoftLimitId, "Soft limit reached: tier C waits until the day resets")));
            }
            if (spent >= budget)
            {
                crossed.Add((1m, new BudgetThreshold(FullId, "100% of the budget spent")));
            }
        }
        if (snapshot.OverspendMicros > 0)
        {
            crossed.Add((decimal.MaxValue, new BudgetThreshold(OverspendId, "Tier A/B spend is past the budget")));
        }
        return crossed.OrderBy(c => c.Order).Select(c => c.Threshold).ToList();
    }
}
