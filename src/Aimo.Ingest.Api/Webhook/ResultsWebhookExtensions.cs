using Aimo.Data.Results;

namespace Aimo.Ingest.Api.Webhook;

public static class ResultsWebhookExtensions
{
    /// <summary>The optional results webhook: its options (validated at start), its position log, its sender and client.</summary>
    public static IHostApplicationBuilder AddResultsWebhook(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResultsWebhookOptions>().BindConfiguration(ResultsWebhookOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookDeliveryLog>();
        // The sender's own backoff is the one retry layer; the factory's loggers would write the URL (often secret).
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(ResultsWebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .RemoveAllLoggers();
#pragma warning restore EXTEXP0001
        builder.Services.AddHostedService<ResultsWebhookSender>();
        return builder;
    }
}
