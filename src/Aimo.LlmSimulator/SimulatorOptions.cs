using System.ComponentModel.DataAnnotations;
using Aimo.LlmSimulator.Models;

namespace Aimo.LlmSimulator;

/// <summary>
/// General simulator settings (section <c>Simulator</c>): the models served and the API keys accepted.
/// Faults, limits and reasoning tokens have their own sections.
/// </summary>
public sealed class SimulatorOptions : IValidatableObject
{
    public const string SectionName = "Simulator";

    /// <summary>
    /// The models served. Empty means <see cref="SimulatedModel.Defaults"/>: a configured list replaces the
    /// defaults rather than adding to them, which a list with initial items would do under configuration binding.
    /// </summary>
    public List<SimulatedModel> Models { get; set; } = [];

    /// <summary>The bearer keys accepted; empty accepts any non-empty key (the local stack sends <c>simulator</c>).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The provider llm-sim speaks as: <c>OpenAi</c> (default), <c>Azure</c> or <c>Ollama</c>.</summary>
    public Dialects.Dialect Dialect { get; set; } = Dialects.Dialect.OpenAi;

    /// <summary>Azure dialect: the model behind each deployment name; a deployment not listed serves the model of its own name.</summary>
    public Dictionary<string, string> Deployments { get; set; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SimulatedModel> ServedModels => Models.Count > 0 ? Models : SimulatedModel.Defaults;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Models.Count; i++)
        {
            foreach (var problem in Models[i].Problems())
                yield return new ValidationResult($"Models[{i}]: {problem}", [nameof(Models)]);
        }
        var duplicate = Models.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            yield return new ValidationResult($"Models: the model '{duplicate.Key}' is listed twice.", [nameof(Models)]);
        if (ApiKeys.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult("ApiKeys: a key must not be empty.", [nameof(ApiKeys)]);
    }
}
