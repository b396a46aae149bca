namespace Aimo.Core.Prompting;

/// <summary>What the static start of every call holds: the system prompt alone, or with worked examples.</summary>
public enum PromptLayout
{
    /// <summary>System prompt and schema only: below the 1,024 tokens providers start caching at, so never cached.</summary>
    Compact,

    /// <summary>
    /// With <see cref="PromptExamples"/>: past 1,024 tokens, so a steady stream of calls reads it from the cache — but
    /// measured on the cost benchmark it still costs more per signature than the compact start (README), so it is opt-in.
    /// </summary>
    FewShot,
}

/// <summary>Where providers start caching a prompt: from 1,024 tokens, in 128-token steps.</summary>
public static class PromptCaching
{
    public const int MinimumTokens = 1024;
    public const int Step = 128;
}
