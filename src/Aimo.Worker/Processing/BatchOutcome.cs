using Aimo.Core.Classification;
using Aimo.Core.Signatures;

namespace Aimo.Worker.Processing;

/// <summary>Why a signature of a batch ended in needs_review, with what an operator needs to see.</summary>
public sealed record ReviewOutcome(string SignatureId, string Reason, string Detail, int? HttpStatus = null, string? RawExcerpt = null);

/// <summary>Everything one processed batch produced: results, review items and the batch metrics.</summary>
public sealed record BatchOutcome(
    Tier Tier,
    string Model,
    int SignatureCount,
    int SampleChars,
    int EstimatedInputTokens,
    int EstimatedOutputTokens,
    decimal CostUsdEstimated,
    IReadOnlyList<ClassificationResult> Results,
    IReadOnlyList<ReviewOutcome> Reviews,
    IReadOnlyList<string> UnknownIds,
    int InputTokens,
    int OutputTokens,
    decimal? CostUsdActual,
    long LatencyMs,
    int Attempts,
    int JsonRetries,
    int Responses,
    int ValidJsonResponses,
    int Calls,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>Valid JSON responses / total responses; 0 when no response arrived.</summary>
    public double SuccessRate => Responses == 0 ? 0 : (double)ValidJsonResponses / Responses;
}
