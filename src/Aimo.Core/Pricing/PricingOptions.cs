using System.ComponentModel.DataAnnotations;

namespace Aimo.Core.Pricing;

/// <summary>
/// Price per model, bound from <c>Aimo:Pricing:Models:{model}</c>. Starts with defaults for common
/// OpenAI models (list prices, USD per 1M tokens) and the simulator's model; configuration adds or overrides.
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

    public static Dictionary<string, ModelPrice> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4o"] = new(2.50m, 10.00m),
        ["gpt-4o-mini"] = new(0.15m, 0.60m),
        ["gpt-4.1"] = new(2.00m, 8.00m),
        ["gpt-4.1-mini"] = new(0.40m, 1.60m),
        ["gpt-4.1-nano"] = new(0.10m, 0.40m),
        ["o4-mini"] = new(1.10m, 4.40m),
        ["gpt-5"] = new(1.25m, 10.00m),
        ["gpt-5-mini"] = new(0.25m, 2.00m),
        [SimulatorModel] = new(0.15m, 0.60m),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Fallback is { } fallback && (fallback.InputPerMillion < 0 || fallback.OutputPerMillion < 0))
        {
            yield return new ValidationResult("Aimo:Pricing:Fallback needs InputPerMillion and OutputPerMillion of 0 or more.", [nameof(Fallback)]);
        }
        foreach (var (model, price) in Models)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                yield return new ValidationResult("A model name in Aimo:Pricing:Models is empty.", [nameof(Models)]);
            }
            else if (price is null || price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                yield return new ValidationResult(
                    $"Aimo:Pricing:Models:{model} needs InputPerMillion and OutputPerMillion of 0 or more.", [nameof(Models)]);
            }
        }
    }
}
