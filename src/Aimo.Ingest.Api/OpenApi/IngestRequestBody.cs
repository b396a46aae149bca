using Aimo.Ingest.Api.Apis;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aimo.Ingest.Api.OpenApi;

/// <summary>
/// The body of <c>POST /api/signatures</c>. The handler reads the raw body itself (two media types, one size limit,
/// every error at once), so nothing in its signature tells the document generator what it accepts.
/// </summary>
internal static class IngestRequestBody
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        // Both shapes become named components, so clients see one IngestSignature type, in JSON and NDJSON alike.
        var document = context.Document!;
        var request = await context.GetOrCreateSchemaAsync(typeof(IngestRequest), null, cancellationToken);
        var signature = await context.GetOrCreateSchemaAsync(typeof(IngestSignature), null, cancellationToken);
        document.AddComponent(nameof(IngestSignature), signature);
        if (request.Properties?.TryGetValue("signatures", out var list) == true && list is OpenApiSchema array)
        {
            array.Items = new OpenApiSchemaReference(nameof(IngestSignature), document);
        }
        document.AddComponent(nameof(IngestRequest), request);
        var line = new OpenApiSchemaReference(nameof(IngestSignature), document);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "Up to Ingest:MaxItemsPerRequest signatures (default 1000) in at most Ingest:MaxBodyBytes (default 5 MB). " +
                "A request with any invalid item is rejected whole (400, errors keyed signatures[i].field) and nothing is enqueued.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(IngestRequest), document) },
                // NDJSON: the schema is that of each line; blank lines are skipped.
                [SignaturesApi.NdjsonContentType] = new() { Schema = line },
            },
        };
    }
}
