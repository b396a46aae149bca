using System.Diagnostics.CodeAnalysis;
using Aimo.Data.Budget;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aimo.Data.Export;

/// <summary>
/// <c>GET {pattern}?format=csv|ndjson&amp;from=&amp;to=</c> plus the filters of the matching admin page, with
/// <c>{kind}</c> (batches, review or signatures) in the pattern. Streamed page by page (<see cref="ExportWriter"/>), so
/// a large export never sits in memory. The ingest API and the admin map this one endpoint; it carries no
/// authorization of its own, so each host decides who may export (ingest: the operator key's route group; admin:
/// its signed-in-operator fallback policy).
/// </summary>
public static class ExportEndpoint
{
    public static RouteHandlerBuilder MapExport(this IEndpointRouteBuilder app, [StringSyntax("Route")] string pattern) =>
        app.MapGet(pattern, ExportAsync);

    private static async Task<Results<ExportFileResult, ValidationProblem>> ExportAsync(string kind, HttpContext context,
        BudgetSettingsStore settings, ExportWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        // Dates are budget days, so they need the budget's time zone.
        var clock = (await settings.LoadAsync(cancellationToken)).Clock(time);
        var query = context.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        var request = ExportRequest.Parse(kind, query, clock, out var errors);
        return request is null
            ? TypedResults.ValidationProblem(errors, title: "The export parameters are invalid; nothing was exported.")
            : new ExportFileResult(request, writer, time.GetUtcNow());
    }
}
