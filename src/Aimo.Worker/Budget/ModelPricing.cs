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

    /// <summary>The connection's model; an Azure deployment named without <c>Model=</c> is priced by its name, and the error says to add it.</summary>
    public static ModelPricing Resolve(Llm.LlmConnection connection, PricingOptions options) =>
        Resolve(connection.Model, options, deployment: connection.Provider == Llm.LlmProvider.AzureOpenAi && connection.Model == connection.Deployment);

    /// <param name="deployment">The name is an Azure deployment's, not known to be a model's.</param>
    /// <exception cref="InvalidOperationException">The model has no price and no fallback is configured; the message says what to set.</exception>
    public static ModelPricing Resolve(string model, PricingOptions options, bool deployment = false)
    {
        var table = new PriceTable(options);
        if (table.TryGetPrice(model, out var price))
        {
            return new ModelPricing(model, model.Trim(), price, IsFallback: false);
        }
        if (options.Fallback is { } fallback)
        {
            return new ModelPricing(model, null, fallback, IsFallback: true);
        }
        // A name with ':' (an Ollama tag) cannot be a configuration key: only the list form can price it.
        var setting = model.Contains(':', StringComparison.Ordinal)
            ? $"Aimo:Pricing:Models:0:Name={model}, Aimo:Pricing:Models:0:InputPerMillion and Aimo:Pricing:Models:0:OutputPerMillion (USD per 1M tokens; "
              + "use the next free index if 0 is taken; through the AppHost: --Services:worker:Aimo:Pricing:Models:0:Name=...)"
            : $"Aimo:Pricing:Models:{model}:InputPerMillion and Aimo:Pricing:Models:{model}:OutputPerMillion (USD per 1M tokens; through the AppHost: "
              + $"--Services:worker:Aimo:Pricing:Models:{model}:InputPerMillion=...)";
        throw new InvalidOperationException(
            $"The model '{model}' has no price, so the daily budget could not limit its spend. A dated snapshot is priced only by its own entry. "
            + $"Add its price to the worker's configuration ({setting}), optionally with CachedInputPerMillion, or set {FallbackSetting}:InputPerMillion "
            + $"and {FallbackSetting}:OutputPerMillion to run it at a fallback price."
            + (deployment ? $" '{model}' is an Azure OpenAI deployment: name the model it serves with Model=<model> in the 'llm' connection string "
                + $"(e.g. Deployment={model};Model=gpt-4o-mini), and that model's price applies." : ""));
    }

    /// <summary>The cost of these tokens in micro-dollars, rounded up.</summary>
    public long CostMicros(long inputTokens, long outputTokens) => CostMicros(inputTokens, 0, outputTokens);

    /// <summary>The cost in micro-dollars, rounded up, of input of which <paramref name="cachedInputTokens"/> came from the prompt cache.</summary>
    public long CostMicros(long inputTokens, long cachedInputTokens, long outputTokens) =>
        Micros.FromCostUsd(Price.Cost(inputTokens, cachedInputTokens, outputTokens));

    public long CostMicros(TokenEstimate estimate) => CostMicros(estimate.InputTokens, estimate.OutputTokens);

    /// <summary>
    /// The cost at the Batch API's rates, in micro-dollars, rounded up. A model without batch rates is priced at its
    /// synchronous rates (never less than it could cost); cached input is billed at the batch input rate.
    /// </summary>
    public long BatchCostMicros(long inputTokens, long cachedInputTokens, long outputTokens) =>
        Micros.FromCostUsd(((inputTokens * (Price.BatchInputPerMillion ?? Price.InputPerMillion))
            + (outputTokens * (Price.BatchOutputPerMillion ?? Price.OutputPerMillion))) / 1_000_000m);
}
