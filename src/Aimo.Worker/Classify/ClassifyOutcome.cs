using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using Aimo.Worker.Llm;

namespace Aimo.Worker.Classify;

/// <summary>Why a signature of a batch ended in needs_review, with what an operator needs to see.</summary>
public sealed record ReviewOutcome(string SignatureId, string Reason, string Detail, int? HttpStatus = null, string? RawExcerpt = null);

/// <summary>Everything one classify step produced: results, review items, what the budget held back, and the metrics.</summary>
/// <param name="DeferredIds">Signatures not sent because the budget refused a call (tier C at the soft limit).</param>
/// <param name="Failure">The last failed call, if any: what the pipeline tells <see cref="ProviderHealth"/>.</param>
public sealed record ClassifyOutcome(
    Tier Tier,
    string Model,
    int SampleChars,
    int EstimatedInputTokens,
    int EstimatedOutputTokens,
    IReadOnlyDictionary<string, ClassificationResult> Results,
    IReadOnlyList<ReviewOutcome> Reviews,
    IReadOnlyList<string> DeferredIds,
    IReadOnlyList<string> UnknownIds,
    LlmFailure? Failure,
    int InputTokens,
    int OutputTokens,
    long LatencyMs,
    int Attempts,
    int JsonRetries,
    int Responses,
    int ValidJsonResponses,
    int Calls,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>Of <see cref="InputTokens"/>, those the provider read from its prompt cache (billed at the cached rate).</summary>
    public int CachedInputTokens { get; init; }

    /// <summary>Valid JSON responses / total responses; 0 when no response arrived.</summary>
    public double SuccessRate => Responses == 0 ? 0 : (double)ValidJsonResponses / Responses;

    /// <summary>Some call reached the model (so the batch is recorded, with its metrics and cost).</summary>
    public bool Sent => Calls > 0;
}
