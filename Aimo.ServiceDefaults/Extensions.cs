using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire service defaults: OpenTelemetry, health checks, service discovery and HTTP resilience.
/// Every AIMO service calls <see cref="AddServiceDefaults{TBuilder}"/> and <see cref="MapDefaultEndpoints"/>.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>
    /// Set on a request whose URL is a credential (a webhook's path or query): its client span records only the scheme
    /// and host.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> RedactUrlInTraces = new("aimo.redact-url-in-traces");

    /// <summary>Activity sources and meters AIMO emits besides the framework's own.</summary>
    public static readonly string[] AimoTelemetrySources =
    [
        "Aimo.*",
        // Microsoft.Extensions.AI's UseOpenTelemetry() emits GenAI spans and metrics under this name.
        "Experimental.Microsoft.Extensions.AI",
        "Microsoft.Extensions.AI",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(AimoTelemetrySources))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(AimoTelemetrySources)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes every few seconds would drown the traces that matter.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation(options => options.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    if (request.Options.TryGetValue(RedactUrlInTraces, out var redact) && redact && request.RequestUri is { } uri)
                    {
                        activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority));
                        activity.SetTag("url.path", null);
                        activity.SetTag("url.query", null);
                    }
                }));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (all checks: ready to serve) and <c>/alive</c> (liveness only).
    /// They are mapped in every environment because the AppHost, tests and Azure Container Apps probes use them, and
    /// they allow anonymous callers explicitly: probes carry no credentials, and a service's fallback policy (ingest,
    /// admin) must not lock them out.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live")
        }).AllowAnonymous();
        return app;
    }
}
