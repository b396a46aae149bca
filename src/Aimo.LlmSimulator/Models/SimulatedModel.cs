using Aimo.Core.Pricing;

namespace Aimo.LlmSimulator.Models;

/// <summary>A model the simulator serves, and whether it behaves like a reasoning model (o-series, gpt-5 family).</summary>
public sealed class SimulatedModel
{
    public string Name { get; set; } = "";

    /// <summary>
    /// Reasoning models refuse a <c>temperature</c> other than 1 and <c>max_tokens</c>, accept
    /// <c>reasoning_effort</c>, and spend reasoning tokens before answering.
    /// </summary>
    public bool Reasoning { get; set; }

    /// <summary>
    /// The <c>reasoning_effort</c> values this model takes; empty means every value of the spec. Real models take
    /// a subset (o4-mini refuses <c>minimal</c>), and the refusal names the ones they take.
    /// </summary>
    public List<string> ReasoningEfforts { get; set; } = [];

    public IReadOnlyList<string> SupportedEfforts => ReasoningEfforts.Count > 0 ? ReasoningEfforts : ReasoningEffort.All;

    /// <summary>Served when <c>Simulator:Models</c> is not configured: the local default and the models AIMO is priced for.</summary>
    public static IReadOnlyList<SimulatedModel> Defaults { get; } =
    [
        new() { Name = PricingOptions.SimulatorModel },
        new() { Name = "gpt-4o-mini" },
        new() { Name = "gpt-4.1-mini" },
        new() { Name = "o4-mini", Reasoning = true, ReasoningEfforts = ["low", "medium", "high"] },
        new() { Name = "gpt-5-mini", Reasoning = true, ReasoningEfforts = ["minimal", "low", "medium", "high"] },
    ];

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return "Name is required.";
        if (!Reasoning && ReasoningEfforts.Count > 0) yield return $"'{Name}' is not a reasoning model but lists ReasoningEfforts.";
        foreach (var effort in ReasoningEfforts.Where(e => !ReasoningEffort.All.Contains(e)))
            yield return $"'{Name}' lists the unknown reasoning effort '{effort}' (known: {string.Join(", ", ReasoningEffort.All)}).";
    }
}
