using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aimo.Ingest.Api.OpenApi;

/// <summary>
/// Says what each problem response of this API means, instead of the bare reason phrase, and documents the
/// <c>Retry-After</c> header that comes with 429.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["400"] = "Invalid input: problem details with the errors per field. Nothing was enqueued or changed.",
        ["401"] = "The X-Api-Key header is missing or not a valid key. Answered before the body is read.",
        ["403"] = "The key is valid but of the other scope. Answered before the body is read.",
        ["404"] = "No such item.",
        ["409"] = "The review item was already acted on with a different action.",
        ["413"] = "The body is larger than this route accepts.",
        ["415"] = "The Content-Type is not one this route accepts.",
        ["429"] = "The key's rate limit (Ingest:RateLimitPerMinute per key) is reached.",
        ["503"] = "Redis is unavailable. Retry later: every route here is safe to repeat (ingest de-duplicates, actions are idempotent).",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse editable || !Meanings.TryGetValue(status, out var meaning))
            {
                continue;
            }
            editable.Description = meaning;
            if (status == "429")
            {
                editable.Headers ??= new Dictionary<string, IOpenApiHeader>();
                editable.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds until the key may send again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }
        return Task.CompletedTask;
    }
}
