namespace Aimo.Core.Tokens;

/// <summary>
/// How much output a call may ask for. The design's fixed room (twice 150 tokens per signature, plus 256) is charged in
/// full at the provider's admission, more than twice what answers use; once enough answers of a model are known, a call
/// asks for a high percentile of their output per signature, with a margin. A cut-off answer is still split and resent
/// (the safety net), so a cap that is sometimes too low costs a call, never a result.
/// </summary>
public static class OutputCapPolicy
{
    /// <summary>Answered calls needed before the learned cap replaces the design's room.</summary>
    public const int MinimumSamples = 30;

    /// <summary>The percentile of output tokens per signature (per call) the cap covers.</summary>
    public const double Percentile = 0.99;

    /// <summary>Room over the percentile, for the unusual answer.</summary>
    public const double Margin = 1.25;

    /// <summary>The answer's envelope (<c>{"results":[…]}</c>) and rounding, once per call.</summary>
    public const int FixedOverhead = 64;

    /// <summary>The design's room per signature, which the learned cap never exceeds.</summary>
    public const int DesignTokensPerSignature = TokenEstimator.OutputTokensPerSignature * 2;

    public const int DesignOverhead = 256;

    /// <summary>The learned output tokens per signature, or null while fewer than <see cref="MinimumSamples"/> are known.</summary>
    /// <param name="perSignature">Output tokens per signature of recent answered calls (a call's output / its signatures).</param>
    public static double? Learn(IReadOnlyCollection<double> perSignature)
    {
        ArgumentNullException.ThrowIfNull(perSignature);
        if (perSignature.Count < MinimumSamples) return null;
        var sorted = perSignature.Order().ToArray();
        // Nearest rank: the smallest sample at or above the percentile.
        var rank = (int)Math.Ceiling(Percentile * sorted.Length) - 1;
        return Math.Min(sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * Margin, DesignTokensPerSignature);
    }

    /// <summary>
    /// The output limit of a call for <paramref name="signatures"/> signatures, with the model's reasoning allowance. A call
    /// for one signature keeps the design's room: a cut-off answer can no longer be split, and would go to review.
    /// </summary>
    public static int MaxOutputTokens(int signatures, double? learnedPerSignature, int reasoningTokens) =>
        learnedPerSignature is { } learned && signatures > 1
            ? (int)Math.Ceiling(signatures * learned) + FixedOverhead + reasoningTokens
            : (signatures * DesignTokensPerSignature) + DesignOverhead + reasoningTokens;
}
