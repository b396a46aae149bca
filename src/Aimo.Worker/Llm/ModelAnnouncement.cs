using Aimo.Worker.Budget;
using Aimo.Worker.Intake;
using Aimo.Worker.Telemetry;

namespace Aimo.Worker.Llm;

/// <summary>
/// At start: resolves the model's price (an unpriced model without a fallback stops the worker with a message that
/// names the setting to add) and publishes model and price for the API and the admin UI.
/// </summary>
public sealed partial class ModelAnnouncement(
    ModelPricing pricing, LlmConnection connection, ProviderHealth health, WorkerTelemetry telemetry, Holdings holdings, ILogger<ModelAnnouncement> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (pricing.IsFallback)
        {
            LogFallback(logger, pricing.Model, pricing.Price.InputPerMillion, pricing.Price.OutputPerMillion);
        }
        telemetry.ObserveHeld(() => holdings.CountIn(HoldState.Deferred), () => holdings.CountIn(HoldState.Waiting));
        await health.PublishModelAsync(pricing.Model, connection.Endpoint.Host, connection.RateLimitScope, pricing.PricedAs,
            pricing.Price.InputPerMillion, pricing.Price.OutputPerMillion, pricing.IsFallback);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 505, Level = LogLevel.Warning, Message = "Model {Model} is unpriced: the budget counts it at the fallback price (${Input}/${Output} per 1M tokens)")]
    private static partial void LogFallback(ILogger logger, string model, decimal input, decimal output);
}
