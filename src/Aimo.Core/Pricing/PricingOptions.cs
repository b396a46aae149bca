using System.ComponentModel.DataAnnotations;

namespace Aimo.Core.Pricing;

/// <summary>
/// Price per model, bound from <c>Aimo:Pricing:Models:{model}</c> or, for names with ':', from list entries
/// <c>Aimo:Pricing:Models:{n}:Name</c>. Starts with defaults for common OpenAI models (list prices, USD per 1M tokens)
/// and the simulator's model; configuration adds or overrides.
/// </summary>
public sealed class PricingOptions : IValidatableObject
{
    public const string SectionName = "Aimo:Pricing";

    /// <summary>The simulator's model; priced like gpt-4o-mini so the budget is exercised locally.</summary>
    public const string SimulatorModel = "aimo-sim-1";

    public Dictionary<string, ModelPrice> Models { get; set; } = Defaults();

    /// <summary>
    /// The price for a model the table does not know (e.g. an Azure deployment name). Unset by default: an unpriced
    /// model then stops the worker at start, because a model that costs $0 would bypass the budget.
    /// </summary>
    public ModelPrice? Fallback { get; set; }

    /// <summary>
    /// List prices, USD per 1M tokens: input, output, cached input, Batch API input and output. Each listed figure is
    /// held against LiteLLM's public price file at a pinned commit by <c>PriceTableTests</c>; dated snapshots are
    /// listed one by one because their prices differ (<c>gpt-4o-2024-05-13</c>: 5.00/15.00, no cached rate).
    /// </summary>
    public static Dictionary<string, ModelPrice> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4o"] = new(2.50m, 10.00m, 1.25m, 1.25m, 5.00m),
        ["gpt-4o-2024-05-13"] = new(5.00m, 15.00m, null, 2.50m, 7.50m),
        ["gpt-4o-2024-08-06"] = new(2.50m, 10.00m, 1.25m, 1.25m, 5.00m),
        ["gpt-4o-2024-11-20"] = new(2.50m, 10.00m, 1.25m, 1.25m, 5.00m),
        ["gpt-4o-mini"] = new(0.15m, 0.60m, 0.075m, 0.075m, 0.30m),
        ["gpt-4o-mini-2024-07-18"] = new(0.15m, 0.60m, 0.075m, 0.075m, 0.30m),
        ["gpt-4.1"] = new(2.00m, 8.00m, 0.50m, 1.00m, 4.00m),
        ["gpt-4.1-2025-04-14"] = new(2.00m, 8.00m, 0.50m, 1.00m, 4.00m),
        ["gpt-4.1-mini"] = new(0.40m, 1.60m, 0.10m, 0.20m, 0.80m),
        ["gpt-4.1-mini-2025-04-14"] = new(0.40m, 1.60m, 0.10m, 0.20m, 0.80m),
        ["gpt-4.1-nano"] = new(0.10m, 0.40m, 0.025m, 0.05m, 0.20m),
        ["gpt-4.1-nano-2025-04-14"] = new(0.10m, 0.40m, 0.025m, 0.05m, 0.20m),
        // The gpt-5 family's and o4-mini's Batch API rates are not in the pinned price file; OpenAI's rule (half the price) is used.
        ["gpt-5"] = new(1.25m, 10.00m, 0.125m, 0.625m, 5.00m),
        ["gpt-5-2025-08-07"] = new(1.25m, 10.00m, 0.125m, 0.625m, 5.00m),
        ["gpt-5-mini"] = new(0.25m, 2.00m, 0.025m, 0.125m, 1.00m),
        ["gpt-5-mini-2025-08-07"] = new(0.25m, 2.00m, 0.025m, 0.125m, 1.00m),
        ["gpt-5-nano"] = new(0.05m, 0.40m, 0.005m, 0.025m, 0.20m),
        ["gpt-5-nano-2025-08-07"] = new(0.05m, 0.40m, 0.005m, 0.025m, 0.20m),
        ["o4-mini"] = new(1.10m, 4.40m, 0.275m, 0.55m, 2.20m),
        ["o4-mini-2025-04-16"] = new(1.10m, 4.40m, 0.275m, 0.55m, 2.20m),
        [SimulatorModel] = new(0.15m, 0.60m, 0.075m, 0.075m, 0.30m),
    };

    /// <summary>The model an entry prices: its <see cref="ModelPrice.Name"/> when set (a list entry), else its key.</summary>
    public static string ModelOf(string key, ModelPrice price) =>
        string.IsNullOrWhiteSpace(price?.Name) ? key.Trim() : price.Name.Trim();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Fallback is { } fallback && !fallback.IsValid)
        {
            yield return new ValidationResult("Aimo:Pricing:Fallback needs InputPerMillion and OutputPerMillion of 0 or more.", [nameof(Fallback)]);
        }
        foreach (var (model, price) in Models)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                yield return new ValidationResult("A model name in Aimo:Pricing:Models is empty.", [nameof(Models)]);
            }
            else if (price is null || !price.IsValid)
            {
                yield return new ValidationResult(
                    $"Aimo:Pricing:Models:{model} ({(price is null ? model : ModelOf(model, price))}) needs InputPerMillion and OutputPerMillion "
                    + "of 0 or more, and any cached or batch rate of 0 or more.", [nameof(Models)]);
            }
        }
    }
}
