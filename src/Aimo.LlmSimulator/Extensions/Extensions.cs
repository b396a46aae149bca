using System.Text.Json;
using System.Text.Json.Serialization;
using Aimo.LlmSimulator.Auth;
using Aimo.LlmSimulator.Batches;
using Aimo.LlmSimulator.Billing;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.Limits;
using Aimo.LlmSimulator.Models;
using Aimo.LlmSimulator.OpenAi;
using Aimo.LlmSimulator.Validation;
using Microsoft.AspNetCore.Authentication;

namespace Aimo.LlmSimulator.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FaultProfile>()
            .BindConfiguration(FaultProfile.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ReasoningTokensOptions>()
            .BindConfiguration(ReasoningTokensOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<BatchOptions>()
            .BindConfiguration(BatchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails();
        // The /sim API speaks the same fault names as configuration and stats: http500, invalid_json, ...
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.PolicyName, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        // One clock for latency, hangs and the rate limits; tests replace it to drive the limits without sleeping.
        services.AddSingleton(TimeProvider.System);
        // Built now, not on first use: loading the o200k vocabulary takes long enough to trip a short client timeout.
        services.AddSingleton(new TokenCounter());
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<ChatRequestValidator>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<SimulatorStats>();
        services.AddSingleton<CallLedger>();
        services.AddSingleton<PromptCache>();
        services.AddSingleton<ChatCompletionSimulator>();
        // Jobs and files live in memory: a simulator's state ends with its process (and at /sim/reset).
        services.AddSingleton<FileStore>();
        services.AddSingleton<BatchLineAnswerer>();
        services.AddSingleton<BatchStore>();
        return builder;
    }
}
