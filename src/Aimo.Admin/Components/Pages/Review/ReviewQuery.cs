using Aimo.Admin.Formatting;
using Aimo.Core.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Export;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Admin.Components.Pages.Review;

/// <summary>The review page's view, as its URL carries it. Open items by default; <c>status=all</c> shows every status.</summary>
public sealed record ReviewQuery(string? Status = ReviewStatuses.Open, string? Reason = null, string? Tier = null, string? Text = null,
    DateOnly? From = null, DateOnly? To = null)
{
    public const string AllStatuses = "all";

    public static ReviewQuery Parse(string? status, string? reason, string? tier, string? q, string? from, string? to)
    {
        var days = PageQuery.Days(from, to);
        return new(status == AllStatuses ? null : PageQuery.OneOf(status, ExportVocabulary.ReviewStatusesOrAll) ?? ReviewStatuses.Open,
            PageQuery.OneOf(reason, ExportVocabulary.ReviewReasons), PageQuery.OneOf(tier, ExportVocabulary.Tiers),
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(), days.From, days.To);
    }

    public ReviewFilter ToFilter(BudgetClock clock)
    {
        var range = DateRange.FromDays(From, To, clock);
        return new ReviewFilter(Status, Reason, Tier, Text, range.From, range.To);
    }

    /// <summary>The export's parameters: the grid's filter, with "any status" spelled out (the export, like the page, defaults to open).</summary>
    public IReadOnlyDictionary<string, string?> ExportQuery => new Dictionary<string, string?>
    {
        ["status"] = Status ?? AllStatuses, ["reason"] = Reason, ["tier"] = Tier, ["q"] = Text,
        ["from"] = PageQuery.Day(From), ["to"] = PageQuery.Day(To),
    };

    public string Url => "review" + PageQuery.ToQueryString(ExportQuery.Select(p =>
        p.Key == "status" && p.Value == ReviewStatuses.Open ? new KeyValuePair<string, string?>(p.Key, null) : p));
}
