using System.ComponentModel.DataAnnotations;

namespace Aimo.LlmSimulator.Limits;

/// <summary>
/// OpenAI-style per-minute limits (section <c>Simulator:Limits</c>); 0 is unlimited, the default. Also the body
/// of <c>PUT /sim/limits</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Simulator:Limits";

    [Range(0, int.MaxValue)] public int RequestsPerMinute { get; set; }

    [Range(0, int.MaxValue)] public int TokensPerMinute { get; set; }
}
