using Microsoft.Extensions.AI;

namespace Aimo.Worker.Llm;

/// <summary>
/// How to ask one model family, bound from <c>Aimo:Llm:Models:&lt;model or prefix&gt;</c>. Reasoning models (o-series,
/// gpt-5) refuse a temperature other than their default and spend hidden reasoning tokens, which need output room
/// and budget beyond the design's 150 per signature.
/// </summary>
public sealed class ModelRequestSettings
{
    /// <summary>Sent as <c>temperature</c>; null sends none (reasoning models accept only their default).</summary>
    public float? Temperature { get; set; }

    /// <summary>Sent as <c>reasoning_effort</c> (reasoning models only); null sends none.</summary>
    public ReasoningEffort? ReasoningEffort { get; set; }

    /// <summary>Output tokens to allow for reasoning on top of the answer: raises the output limit and the reserved estimate.</summary>
    public int ReasoningTokens { get; set; }

    /// <summary>The static start of every call (<see cref="Aimo.Core.Prompting.PromptLayout"/>); null is the compact one.</summary>
    public Aimo.Core.Prompting.PromptLayout? PromptLayout { get; set; }

    /// <summary>Sent as <c>prompt_cache_key</c>, which keeps this worker's calls on the provider's machines that hold its cached prefix.</summary>
    public bool SendPromptCacheKey { get; set; } = true;

    /// <summary>Strict structured output: the provider guarantees the schema (it refuses schemas it cannot enforce).</summary>
    public bool Strict { get; set; } = true;
}
