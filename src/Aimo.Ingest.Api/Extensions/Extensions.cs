using System.Text.Json.Serialization;
using Aimo.Data;
using Aimo.Ingest.Api.Apis;
using Aimo.Ingest.Api.OpenApi;
using Aimo.Ingest.Api.Security;
using Aimo.Ingest.Api.Telemetry;
using Aimo.Ingest.Api.Webhook;
using Scalar.AspNetCore;

namespace Aimo.Ingest.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.AddAimoData();
        builder.AddApiKeyAuthentication();
        builder.Services.AddSingleton<IngestTelemetry>();
        builder.AddResultsWebhook();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Binding failures throw (and become problem details with the reason) instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        builder.Services.AddPerKeyRateLimiter();
        builder.Services.AddApiDocumentation();
    }

    public static WebApplication UseIngestPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Authentication and authorization before the limiter: its partition is the authenticated key.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        if (app.Environment.IsDevelopment())
        {
            // The document describes the API, not its data; the fallback policy would hide it from a browser.
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }
        return app;
    }

    /// <summary>
    /// <c>/api</c>: the ingest routes need an ingest key, everything else an operator key. A new route goes into the
    /// group of its scope; the scope-matrix test fails for a route it does not know.
    /// </summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireRateLimiting(PerKeyRateLimiting.PolicyName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            // Redis or PostgreSQL unavailable (DependencyUnavailableExceptionHandler, or the handler itself).
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGroup("").RequireAuthorization(ApiScopes.Ingest).MapSignaturesApi().MapResultsApi();
        api.MapGroup("").RequireAuthorization(ApiScopes.Operator).MapOperationsApi().MapBatchJobsApi().MapExportApi();
        return app;
    }
}
