namespace Aimo.LlmSimulator.Models;

/// <summary>The <c>reasoning_effort</c> values of OpenAI's chat-completions spec (<c>ReasoningEffort</c> schema).</summary>
public static class ReasoningEffort
{
    /// <summary>What a reasoning model uses when the request names no effort (the spec's default).</summary>
    public const string Default = "medium";

    public static IReadOnlyList<string> All { get; } = ["none", "minimal", "low", "medium", "high", "xhigh", "max"];
}
