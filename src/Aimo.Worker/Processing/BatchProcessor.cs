using System.Diagnostics;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Processing;

/// <summary>
/// Sends one planned batch to the model and applies the design's rules: keep valid items, re-ask once per signature
/// for the rest, split truncated answers down to one signature, and send whatever is left to review. Every call is
/// reserved and settled through the batch's <see cref="ICallBudget"/>. Stateless; one <see cref="BatchConversation"/> per batch.
/// </summary>
public sealed partial class BatchProcessor(IChatClient chatClient, ModelRequest request, TokenEstimator estimator, TimeProvider time, ILogger<BatchProcessor> logger)
{
    public const int RawExcerptChars = 2000;

    internal IChatClient ChatClient => chatClient;
    internal ModelRequest Request => request;
    internal TokenEstimator Estimator => estimator;
    internal ILogger Logger => logger;

    /// <summary>The design's estimate for a batch (what a first call is reserved at): input from sample characters, output per signature.</summary>
    public TokenEstimate Estimate(IReadOnlyList<FormattedSignature> batch)
    {
        var seed = estimator.Estimate(batch.Count, batch.Sum(s => s.SampleChars));
        return seed with { OutputTokens = request.EstimatedOutputTokens(batch.Count) };
    }

    public async Task<BatchOutcome> ProcessAsync(Tier tier, IReadOnlyList<FormattedSignature> batch, ICallBudget budget, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Count);
        var conversation = new BatchConversation(this, budget);
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        await conversation.SendAsync(batch, cancellationToken);
        stopwatch.Stop();

        var estimate = Estimate(batch);
        return new BatchOutcome(
            tier, request.Model, batch.Count, batch.Sum(s => s.SampleChars), estimate.InputTokens, estimate.OutputTokens,
            [.. batch.Select(s => conversation.Results.GetValueOrDefault(s.Id)).OfType<Aimo.Core.Classification.ClassificationResult>()],
            conversation.Reviews, [.. conversation.Deferred], [.. conversation.UnknownIds.Distinct()], conversation.Failure,
            conversation.InputTokens, conversation.OutputTokens, stopwatch.ElapsedMilliseconds,
            conversation.Attempts, conversation.JsonRetries, conversation.Responses, conversation.ValidJsonResponses, conversation.Calls,
            started, time.GetUtcNow());
    }

    internal static string Excerpt(string? raw) =>
        raw is null ? "" : raw.Length <= RawExcerptChars ? raw : raw[..RawExcerptChars];

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Rejected {Count} result(s) for ids that were not in the batch: {Ids}")]
    internal static partial void LogUnknownIds(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "LLM call for {Count} signature(s) failed after {Attempts} attempt(s): {Failure}")]
    internal static partial void LogCallFailed(ILogger logger, Exception exception, int count, int attempts, string failure);
}
