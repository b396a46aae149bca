using Aimo.Core.Budget;
using Aimo.Core.Pricing;
using Aimo.Core.Tokens;

namespace Aimo.Worker.Budget;

/// <summary>
/// The price every call of this worker's model is reserved and settled at: the price table's, or the configured
/// fallback. There is no third case: <see cref="Resolve"/> refuses a model that has neither, so nothing runs for free.
/// </summary>
public sealed record ModelPricing(string Model, string? PricedAs, ModelPrice Price, bool IsFallback)
{
    public const string FallbackSetting = "Aimo:Pricing:Fallback";

    /// <exception cref="InvalidOperationException">The model has no price and no fallback is configured; the message says what to set.</exception>
    public static ModelPricing Resolve(string model, PricingOptions options)
    {
        var table = new PriceTable(options);
        if (table.TryGetPrice(model, out var price, out var pricedAs))
        {
            return new ModelPricing(model, pricedAs, price, IsFallback: false);
        }
        if (options.Fallback is { } fallback)
        {
            return new ModelPricing(model, null, fallback, IsFallback: true);
        }
        throw new InvalidOperationException(
            $"The model '{model}' has no price, so the daily budget could not limit its spend. Add its price to the worker's configuration "
            + $"(Aimo:Pricing:Models:{model}:InputPerMillion and Aimo:Pricing:Models:{model}:OutputPerMillion, USD per 1M tokens; through the AppHost: "
            + $"--Services:worker:Aimo:Pricing:Models:{model}:InputPerMillion=...), or set {FallbackSetting}:InputPerMillion and {FallbackSetting}:OutputPerMillion "
            + "to run it at a fallback price.");
    }

    /// <summary>The cost of these tokens in micro-dollars, rounded up.</summary>
    public long CostMicros(long inputTokens, long outputTokens) => Micros.FromCostUsd(Price.Cost(inputTokens, outputTokens));

    public long CostMicros(TokenEstimate estimate) => CostMicros(estimate.InputTokens, estimate.OutputTokens);
}
