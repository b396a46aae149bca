namespace Aimo.Ingest.Api.OpenApi;

internal static class OpenApiExtensions
{
    /// <summary>The OpenAPI document (<c>/openapi/v1.json</c> in Development) with the key schemes per scope.</summary>
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            var security = new ApiKeySecurityTransformer();
            options.AddDocumentTransformer(security);
            options.AddOperationTransformer(security);
            options.AddOperationTransformer(new ProblemResponsesTransformer());
        });
}
