using Aimo.Admin.Formatting;
using Aimo.Core.Budget;
using Aimo.Data.Queries;

namespace Aimo.Admin.Components.Pages.Costs;

/// <summary>The costs page's view, as its URL carries it: budget days or a window, and what to group by.</summary>
public sealed record CostQuery(DateOnly? From = null, DateOnly? To = null, int Window = CostQuery.DefaultWindow, CostGroup Group = CostGroup.Model)
{
    public const int DefaultWindow = 24;
    /// <summary>24 h per hour; 7 and 30 days per budget day.</summary>
    public static readonly int[] Windows = [24, 168, 720];

    public static CostQuery Parse(string? from, string? to, string? window, string? group)
    {
        var days = PageQuery.Days(from, to);
        return new(days.From, days.To,
            int.TryParse(window, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w) && Windows.Contains(w) ? w : DefaultWindow,
            group?.ToLowerInvariant() switch { "tier" => CostGroup.Tier, "path" => CostGroup.Path, _ => CostGroup.Model });
    }

    public (DateTimeOffset From, DateTimeOffset To) Range(BudgetClock clock, DateTimeOffset now)
    {
        var days = DateRange.FromDays(From, To, clock);
        var to = days.To ?? now;
        return (days.From ?? to.AddHours(-Window), to);
    }

    public string Url => "costs" + PageQuery.ToQueryString([], ("from", PageQuery.Day(From)), ("to", PageQuery.Day(To)),
        ("window", Window == DefaultWindow ? null : PageQuery.Number(Window)), ("group", Group == CostGroup.Model ? null : Group.ToString().ToLowerInvariant()));
}
