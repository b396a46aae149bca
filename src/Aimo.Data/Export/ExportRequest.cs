using Aimo.Core.Budget;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Data.Export;

public enum ExportKind
{
    Batches,
    Review,
    Signatures,
}

public enum ExportFormat
{
    Csv,
    Ndjson,
}

/// <summary>
/// What to export: a kind, a format and the same filters the admin pages use (so "Export" on a page gives exactly
/// the rows the page shows). Parsed from query parameters; any unknown parameter or value is an error, never ignored.
/// </summary>
public sealed record ExportRequest(ExportKind Kind, ExportFormat Format, BatchFilter? Batches = null, ReviewFilter? Review = null,
    SignatureFilter? Signatures = null)
{
    public string ContentType => Format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public string FileName(DateTimeOffset now) =>
        $"aimo-{Kind.ToString().ToLowerInvariant()}-{now.UtcDateTime:yyyyMMdd-HHmmss}.{(Format == ExportFormat.Csv ? "csv" : "ndjson")}";

    /// <summary>
    /// Parses <c>/export/{kind}?format=&amp;from=&amp;to=&amp;...</c>. Null with <paramref name="errors"/> (keyed by
    /// parameter) when anything is wrong. Dates are budget days in <paramref name="clock"/>'s time zone.
    /// </summary>
    public static ExportRequest? Parse(string kind, IReadOnlyDictionary<string, string?> query, BudgetClock clock,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        var parameters = new ExportParameters(query, errors);
        var format = parameters.Choice("format", ["csv", "ndjson"]) ?? "csv";
        var range = DateRange.Parse(parameters.Text("from"), parameters.Text("to"), clock, errors);
        ExportRequest? request = kind.ToLowerInvariant() switch
        {
            "batches" => new(ExportKind.Batches, default, Batches: new BatchFilter(
                parameters.Choice("status", ExportVocabulary.BatchStatuses), parameters.Choice("tier", ExportVocabulary.Tiers), range.From, range.To)),
            "review" => new(ExportKind.Review, default, Review: new ReviewFilter(ReviewStatus(parameters),
                parameters.Choice("reason", ExportVocabulary.ReviewReasons), parameters.Choice("tier", ExportVocabulary.Tiers),
                parameters.Text("q"), range.From, range.To)),
            "signatures" => new(ExportKind.Signatures, default, Signatures: new SignatureFilter(parameters.Text("q"),
                parameters.Choice("category", ExportVocabulary.Categories), parameters.Choice("risk", ExportVocabulary.Risks),
                parameters.Choice("status", ExportVocabulary.SignatureStatuses), parameters.Choice("tier", ExportVocabulary.Tiers),
                range.From, range.To)),
            _ => null,
        };
        if (request is null)
        {
            errors["kind"] = [$"Unknown export \"{kind}\"; use batches, review or signatures."];
            return null;
        }
        parameters.RejectUnknown(request.Kind);
        return errors.Count > 0 ? null : request with { Format = format == "ndjson" ? ExportFormat.Ndjson : ExportFormat.Csv };
    }

    private static string? ReviewStatus(ExportParameters parameters) =>
        parameters.Choice("status", ExportVocabulary.ReviewStatusesOrAll) switch
        {
            "all" => null,
            null => ReviewFilterDefaults.Status,
            var status => status,
        };
}

/// <summary>The review export, like the review page, shows open items unless told otherwise (<c>status=all</c> for every one).</summary>
public static class ReviewFilterDefaults
{
    public const string Status = Entities.ReviewStatuses.Open;
}
