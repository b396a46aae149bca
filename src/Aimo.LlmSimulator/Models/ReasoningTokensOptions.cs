using System.ComponentModel.DataAnnotations;

namespace Aimo.LlmSimulator.Models;

/// <summary>
/// Reasoning tokens a reasoning model spends per <c>reasoning_effort</c> (section <c>Simulator:ReasoningTokens</c>).
/// They count in <c>completion_tokens</c> and in <c>max_completion_tokens</c>, so a limit sized for the visible
/// answer alone is cut short, as with the real models. The defaults are in the range real models report for a
/// short structured answer; raise them to test the worker's headroom.
/// </summary>
public sealed class ReasoningTokensOptions
{
    public const string SectionName = "Simulator:ReasoningTokens";
    private const int UpperBound = 1_000_000;

    [Range(0, UpperBound)] public int None { get; set; }
    [Range(0, UpperBound)] public int Minimal { get; set; }
    [Range(0, UpperBound)] public int Low { get; set; } = 256;
    [Range(0, UpperBound)] public int Medium { get; set; } = 1024;
    [Range(0, UpperBound)] public int High { get; set; } = 4096;
    [Range(0, UpperBound)] public int XHigh { get; set; } = 8192;
    [Range(0, UpperBound)] public int Max { get; set; } = 16384;

    public int For(string effort) => effort switch
    {
        "none" => None,
        "minimal" => Minimal,
        "low" => Low,
        "medium" => Medium,
        "high" => High,
        "xhigh" => XHigh,
        "max" => Max,
        _ => throw new ArgumentOutOfRangeException(nameof(effort), effort, "Not a reasoning effort of the spec."),
    };
}
