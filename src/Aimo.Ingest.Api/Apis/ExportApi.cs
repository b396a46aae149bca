using Aimo.Data.Budget;
using Aimo.Data.Export;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Aimo.Ingest.Api.Apis;

/// <summary>
/// <c>GET /api/export/{batches|review|signatures}?format=csv|ndjson&amp;from=&amp;to=</c> plus the filters of the matching
/// admin page. Streamed page by page (<see cref="ExportWriter"/>), so a large export never sits in memory. Operator scope.
/// </summary>
public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/export").WithTags("Export")
            .MapGet("/{kind}", ExportAsync).WithName("Export");
        return api;
    }

    public static async Task<Results<ExportFileResult, ValidationProblem>> ExportAsync(string kind, HttpContext context,
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

/// <summary>Sends an export as a download, streamed to the response body.</summary>
public sealed class ExportFileResult(ExportRequest request, ExportWriter writer, DateTimeOffset now) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = request.ContentType;
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = request.FileName(now),
        }.ToString();
        response.Headers[HeaderNames.CacheControl] = "no-store";
        await writer.WriteAsync(request, response.Body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv", "application/x-ndjson"]));
}
