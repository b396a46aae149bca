using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Aimo.Core;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OpenAI;
using Polly;
using Polly.Timeout;

namespace Aimo.Worker.Llm;

internal static class LlmClientExtensions
{
    public const string HttpClientName = "llm";
    public const string ResiliencePipelineName = "llm-attempts";
    public const string TelemetrySourceName = "Aimo.Worker.Llm";

    /// <summary>
    /// Registers the <see cref="IChatClient"/> for the <c>llm</c> connection string, with exactly one retry layer: a
    /// resilience handler with the design's policy (total timeout → retry → attempt timeout). It has no circuit
    /// breaker on purpose: a breaker that fails calls fast would send batches to review with fewer than the seed's 3
    /// attempts. Sustained failure is handled a level up, by <see cref="ProviderHealth"/>, which pauses reading.
    /// The service defaults' handler is removed for this client and the OpenAI SDK's own retries are off.
    /// </summary>
    public static void AddLlmClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmResilienceOptions>()
            .BindConfiguration(LlmResilienceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<LlmModelOptions>()
            .BindConfiguration(LlmModelOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => LlmConnection.Parse(builder.Configuration.GetConnectionString(ResourceNames.Llm)));
        builder.Services.AddSingleton(sp =>
            ModelRequest.For(sp.GetRequiredService<LlmConnection>(), sp.GetRequiredService<IOptions<LlmModelOptions>>().Value));
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ProviderHealth>();
        builder.Services.AddSingleton<IProviderHealth>(sp => sp.GetRequiredService<ProviderHealth>());
        builder.Services.AddSingleton<ProviderRateLimits>();
        builder.Services.AddSingleton<AdaptiveConcurrency>();
        builder.Services.AddTransient<LlmAttemptHandler>();

        var policy = builder.Configuration.GetSection(LlmResilienceOptions.SectionName).Get<LlmResilienceOptions>()
            ?? new LlmResilienceOptions();

        // RemoveAllResilienceHandlers is experimental, but it is what keeps exactly one retry layer
        // when the service defaults add a standard handler to every client.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler(ResiliencePipelineName, pipeline => ConfigureResilience(pipeline, policy, TimeProvider.System))
            .Services.AddHttpClient(HttpClientName)
            // Added after the resilience handler, so it is inside it and sees every attempt (budget, rate limits, body).
            .AddHttpMessageHandler<LlmAttemptHandler>();
#pragma warning restore EXTEXP0001

        builder.Services.AddChatClient(services =>
            {
                var connection = services.GetRequiredService<LlmConnection>();
                var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
                var client = ProviderClient.Create(connection, new OpenAIClientOptions
                {
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    // The pipeline's attempt timeout bounds every attempt, body included.
                    NetworkTimeout = Timeout.InfiniteTimeSpan,
                }, connection.UsesEntraId ? Credential(builder.Configuration) : null);
                return client.GetChatClient(connection.Deployment).AsIChatClient();
            })
            // Outermost: a call waits for rate capacity before its GenAI span starts.
            .UseRateLimits()
            .UseLogging()
            .UseOpenTelemetry(sourceName: TelemetrySourceName);
    }

    /// <summary>Set to <c>Simulator</c> to sign in to llm-sim's Azure dialect with <see cref="SimulatorTokenCredential"/>.</summary>
    public const string CredentialSetting = "Aimo:Llm:Credential";

    /// <summary>The client id of the user-assigned managed identity to sign in to Azure OpenAI with; unset, the default identity.</summary>
    public const string ManagedIdentitySetting = "Aimo:Llm:ManagedIdentityClientId";

    // Azure.Identity's DefaultAzureCredential: a managed identity in Azure, az login locally.
    private static Azure.Core.TokenCredential Credential(IConfiguration configuration) =>
        string.Equals(configuration[CredentialSetting], "Simulator", StringComparison.OrdinalIgnoreCase)
            ? new SimulatorTokenCredential()
            : new Azure.Identity.DefaultAzureCredential(new Azure.Identity.DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = configuration[ManagedIdentitySetting] is { Length: > 0 } id ? id : null,
            });

    /// <summary>Total timeout → retry (the seed's delays, Retry-After as a floor) → per-attempt timeout. No breaker.</summary>
    public static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, LlmResilienceOptions policy, TimeProvider time)
    {
        pipeline.AddTimeout(policy.TotalRequestTimeout);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = policy.MaxRetryAttempts,
            ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context.CancellationToken),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelays.Compute(
                args.AttemptNumber, policy.BaseDelay, policy.MaxJitter, policy.MaxRetryAfter,
                args.Outcome.Result?.Headers.RetryAfter, time.GetUtcNow(), Random.Shared.NextDouble())),
        });
        pipeline.AddTimeout(policy.AttemptTimeout);
    }

    /// <summary>Transport failures, timeouts, 408, 429 (unless the quota is gone: no retry can fix that) and 5xx.</summary>
    public static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { StatusCode: HttpStatusCode.TooManyRequests } response } =>
            !LlmFailure.IsQuotaExhausted(await response.Content.ReadAsStringAsync(cancellationToken)),
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        _ => false,
    };
}
