using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Aimo.Core;
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
    public const string TelemetrySourceName = "Aimo.Worker.Llm";

    /// <summary>
    /// Registers the <see cref="IChatClient"/> for the <c>llm</c> connection string, with exactly one retry
    /// layer: the standard resilience handler configured to the design policy. The service defaults'
    /// handler is removed for this client and the OpenAI SDK's own retries are off.
    /// </summary>
    public static void AddLlmClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmResilienceOptions>()
            .BindConfiguration(LlmResilienceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => LlmConnection.Parse(builder.Configuration.GetConnectionString(ResourceNames.Llm)));
        builder.Services.AddTransient<AttemptCountingHandler>();

        var resilience = builder.Configuration.GetSection(LlmResilienceOptions.SectionName).Get<LlmResilienceOptions>()
            ?? new LlmResilienceOptions();

        // RemoveAllResilienceHandlers is experimental, but it is what keeps exactly one retry layer
        // when the service defaults add a standard handler to every client.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options => ConfigureResilience(options, resilience, TimeProvider.System))
            .Services.AddHttpClient(HttpClientName)
            // Added after the resilience handler, so it is inside it and counts every attempt.
            .AddHttpMessageHandler<AttemptCountingHandler>();
#pragma warning restore EXTEXP0001

        builder.Services.AddChatClient(services =>
            {
                var connection = services.GetRequiredService<LlmConnection>();
                var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
                var client = new OpenAIClient(new ApiKeyCredential(connection.Key), new OpenAIClientOptions
                {
                    Endpoint = connection.Endpoint,
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = Timeout.InfiniteTimeSpan,
                });
                return client.GetChatClient(connection.Model).AsIChatClient();
            })
            .UseLogging()
            .UseOpenTelemetry(sourceName: TelemetrySourceName);
    }

    public static void ConfigureResilience(HttpStandardResilienceOptions options, LlmResilienceOptions policy, TimeProvider time)
    {
        options.Retry.MaxRetryAttempts = policy.MaxRetryAttempts;
        options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        options.Retry.DelayGenerator = args =>
        {
            var retryAfter = args.Outcome.Result?.Headers.RetryAfter;
            return ValueTask.FromResult<TimeSpan?>(RetryDelays.Compute(
                args.AttemptNumber, policy.BaseDelay, policy.MaxJitter, policy.MaxRetryAfter,
                retryAfter, time.GetUtcNow(), Random.Shared.NextDouble()));
        };
        options.AttemptTimeout.Timeout = policy.AttemptTimeout;
        options.TotalRequestTimeout.Timeout = policy.TotalRequestTimeout;
        options.CircuitBreaker.SamplingDuration = policy.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
    }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (int)response.StatusCode >= 500,
        _ => false,
    };
}
