using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Aimo.Data.Export;

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

    // Documents the download in the ingest API's OpenAPI document (the writer's two formats).
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv", "application/x-ndjson"]));
}
