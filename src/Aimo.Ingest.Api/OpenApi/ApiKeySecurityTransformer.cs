using Aimo.Ingest.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aimo.Ingest.Api.OpenApi;

/// <summary>
/// Documents the <c>X-Api-Key</c> header as one security scheme per scope (OpenAPI api keys have no scopes of their
/// own), and gives every operation the scheme of the policy its route group requires.
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public static readonly IReadOnlyDictionary<string, string> SchemeByScope = new Dictionary<string, string>
    {
        [ApiScopes.Ingest] = "IngestKey",
        [ApiScopes.Operator] = "OperatorKey",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "AIMO ingest and operations API";
        document.Info.Description = "Every /api route needs an X-Api-Key header with a key of the route's scope: " +
            "ingest keys may send and look up signatures, operator keys everything else. No key or an unknown key: 401; " +
            "a key of the other scope: 403. Errors are RFC 7807 problem details.";
        document.AddComponent(SchemeByScope[ApiScopes.Ingest], Scheme(
            "An ingest key (AppHost parameter ingest-api-key): POST /api/signatures and GET /api/signatures/{id}."));
        document.AddComponent(SchemeByScope[ApiScopes.Operator], Scheme(
            "An operator key (AppHost parameter operator-api-key): budget, batches, review actions and exports."));
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null);
        if (policy is not null && SchemeByScope.TryGetValue(policy, out var scheme))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        }
        return Task.CompletedTask;
    }

    private static OpenApiSecurityScheme Scheme(string description) => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = ApiKey.HeaderName,
        Description = description,
    };
}
