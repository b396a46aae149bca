using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Llm;

/// <summary>
/// Request settings per model family, bound from <c>Aimo:Llm:Models</c>. Keys are model names or prefixes; the longest
/// prefix of the model wins. Defaults know OpenAI's reasoning families; configuration adds or overrides
/// (e.g. <c>Aimo:Llm:Models:my-azure-deployment:Temperature</c>).
/// </summary>
public sealed class LlmModelOptions : IValidatableObject
{
    public const string SectionName = "Aimo:Llm";

    public Dictionary<string, ModelRequestSettings> Models { get; set; } = Defaults();

    public static Dictionary<string, ModelRequestSettings> Defaults()
    {
        static ModelRequestSettings Reasoning() => new() { Temperature = null, ReasoningEffort = ReasoningEffort.Low, ReasoningTokens = 2048 };
        return new(StringComparer.OrdinalIgnoreCase)
        {
            [""] = new() { Temperature = 0 },
            ["o1"] = Reasoning(),
            ["o3"] = Reasoning(),
            ["o4"] = Reasoning(),
            ["gpt-5"] = Reasoning(),
        };
    }

    /// <summary>The settings for <paramref name="model"/>: the longest matching prefix.</summary>
    public ModelRequestSettings For(string model) =>
        Models.Where(p => model.StartsWith(p.Key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault()
        ?? new ModelRequestSettings { Temperature = 0 };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (model, settings) in Models)
        {
            if (settings.Temperature is < 0 or > 2)
            {
                yield return new ValidationResult($"{SectionName}:Models:{model}:Temperature must be between 0 and 2.", [nameof(Models)]);
            }
            if (settings.ReasoningTokens is < 0 or > 100_000)
            {
                yield return new ValidationResult($"{SectionName}:Models:{model}:ReasoningTokens must be between 0 and 100000.", [nameof(Models)]);
            }
        }
    }
}
