using Aimo.Admin.Formatting;
using Aimo.Core.Budget;
using Aimo.Data.Export;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Admin.Components.Pages.Batches;

/// <summary>The batches page's view, as its URL carries it: filters, budget days, and the chart window when no days are chosen.</summary>
public sealed record BatchQuery(string? Status = null, string? Tier = null, DateOnly? From = null, DateOnly? To = null, int Window = BatchQuery.DefaultWindow)
{
    public const int DefaultWindow = 24;
    public static readonly int[] Windows = [6, 24, 168];

    public static BatchQuery Parse(string? status, string? tier, string? from, string? to, string? window)
    {
        var days = PageQuery.Days(from, to);
        return new(PageQuery.OneOf(status, ExportVocabulary.BatchStatuses), PageQuery.OneOf(tier, ExportVocabulary.Tiers), days.From, days.To,
            int.TryParse(window, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w) && Windows.Contains(w) ? w : DefaultWindow);
    }

    public BatchFilter ToFilter(BudgetClock clock)
    {
        var range = DateRange.FromDays(From, To, clock);
        return new BatchFilter(Status, Tier, range.From, range.To);
    }

    /// <summary>The export's parameters: exactly the grid's filter.</summary>
    public IReadOnlyDictionary<string, string?> ExportQuery => new Dictionary<string, string?>
    {
        ["status"] = Status, ["tier"] = Tier, ["from"] = PageQuery.Day(From), ["to"] = PageQuery.Day(To),
    };

    public string Url => "batches" + PageQuery.ToQueryString(ExportQuery, ("window", Window == DefaultWindow ? null : PageQuery.Number(Window)));
}
