using Aimo.Admin.Formatting;
using Aimo.Core.Budget;
using Aimo.Data.Export;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Admin.Components.Pages.Signatures;

/// <summary>The signatures page's view, as its URL carries it; the dates bound when a signature last changed.</summary>
public sealed record SignatureQuery(string? Text = null, string? Category = null, string? Risk = null, string? Status = null, string? Tier = null,
    DateOnly? From = null, DateOnly? To = null)
{
    public static SignatureQuery Parse(string? q, string? category, string? risk, string? status, string? tier, string? from, string? to)
    {
        var days = PageQuery.Days(from, to);
        return new(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), PageQuery.OneOf(category, ExportVocabulary.Categories),
            PageQuery.OneOf(risk, ExportVocabulary.Risks), PageQuery.OneOf(status, ExportVocabulary.SignatureStatuses),
            PageQuery.OneOf(tier, ExportVocabulary.Tiers), days.From, days.To);
    }

    public SignatureFilter ToFilter(BudgetClock clock)
    {
        var range = DateRange.FromDays(From, To, clock);
        return new SignatureFilter(Text, Category, Risk, Status, Tier, range.From, range.To);
    }

    public IReadOnlyDictionary<string, string?> ExportQuery => new Dictionary<string, string?>
    {
        ["q"] = Text, ["category"] = Category, ["risk"] = Risk, ["status"] = Status, ["tier"] = Tier,
        ["from"] = PageQuery.Day(From), ["to"] = PageQuery.Day(To),
    };

    public string Url => "signatures" + PageQuery.ToQueryString(ExportQuery);
}
