using Aimo.Data.Budget;
using Aimo.Data.Export;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Aimo.Admin.Export;

/// <summary>
/// <c>GET /export/{kind}</c>: the Export buttons' downloads, for the signed-in operator (the admin's fallback policy),
/// with the same parameters and the same streaming writer as the ingest API's <c>/api/export/{kind}</c>.
/// </summary>
public static class ExportEndpoints
{
    public const string Path = "export";

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{Path}/{{kind}}", ExportAsync);
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> ExportAsync(string kind, HttpContext context,
        BudgetSettingsStore settings, ExportWriter writer, TimeProvider time)
    {
        var clock = (await settings.LoadAsync(context.RequestAborted)).Clock(time);
        var query = context.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        if (ExportRequest.Parse(kind, query, clock, out var errors) is not { } request)
        {
            return TypedResults.ValidationProblem(errors, title: "The export parameters are invalid; nothing was exported.");
        }
        var response = context.Response;
        response.ContentType = request.ContentType;
        response.Headers[HeaderNames.ContentDisposition] =
            new ContentDispositionHeaderValue("attachment") { FileNameStar = request.FileName(time.GetUtcNow()) }.ToString();
        response.Headers[HeaderNames.CacheControl] = "no-store";
        await writer.WriteAsync(request, response.Body, context.RequestAborted);
        return TypedResults.Empty;
    }
}
