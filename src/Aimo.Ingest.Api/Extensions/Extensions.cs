using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Aimo.Data;
using Aimo.Ingest.Api.Apis;
using Aimo.Ingest.Api.Security;
using Aimo.Ingest.Api.Telemetry;
using Scalar.AspNetCore;

namespace Aimo.Ingest.Api.Extensions;

internal static class Extensions
{
    public const string PerKeyPolicy = "per-api-key";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.AddAimoData();
        builder.Services.AddSingleton<IngestTelemetry>();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures throw (and become problem details with the reason) instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PerKeyPolicy, context =>
            {
                var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value.RateLimitPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(ApiKey.Actor(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"Rate limit per API key reached; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s." },
                });
            };
        });
        builder.Services.AddOpenApi();
    }

    public static WebApplication UseIngestPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi();
            app.MapScalarApiReference();
        }
        return app;
    }

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api")
            .WithMetadata(new RequireApiKeyAttribute())
            .RequireRateLimiting(PerKeyPolicy)
            .MapSignaturesApi()
            .MapOperationsApi();
        return app;
    }
}
