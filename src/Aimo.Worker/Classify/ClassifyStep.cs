using Aimo.Worker.Budget;
using System.Diagnostics;
using Aimo.Core;
using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using Aimo.Core.Validation;
using Aimo.Core.Tokens;
using Aimo.Data.Entities;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Commit;
using Aimo.Worker.Llm;
using Aimo.Worker.Pipeline;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Classify;

/// <summary>
/// Step 2 of a batch: sends it to the model and applies the design's rules — keep valid items, re-ask once per
/// signature for the rest, split truncated answers down to one signature, send whatever is left to review — with
/// every attempt reserved and settled through the batch's budget; tells the provider's health what happened; and
/// decides each entry's fate: finished (classified or to review), deferred by the budget, or held for an outage.
/// </summary>
public sealed partial class ClassifyStep(
    IChatClient chatClient, ModelRequest request, TokenEstimator estimator, IProviderHealth health, TimeProvider time, ILogger<ClassifyStep> logger,
    IOutputCap? outputCap = null)
{
    public const int RawExcerptChars = 2000;

    internal IChatClient ChatClient => chatClient;
    internal ModelRequest Request => request;
    internal IOutputCap? OutputCap => outputCap;
    internal TokenEstimator Estimator => estimator;
    internal ILogger Logger => logger;

    /// <summary>The design's estimate for a batch (what a first call is reserved at): input from sample characters, output per signature.</summary>
    public TokenEstimate Estimate(IReadOnlyList<FormattedSignature> batch)
    {
        var seed = estimator.Estimate(batch.Count, batch.Sum(s => s.SampleChars));
        return seed with { OutputTokens = request.EstimatedOutputTokens(batch.Count) };
    }

    public async Task RunAsync(BatchContext batch, CancellationToken cancellationToken)
    {
        batch.Outcome = await ConverseAsync(batch.Tier, batch.Signatures, batch.Budget!, cancellationToken, batch.JobAnswer);
        var held = (await HeldByOutageAsync(batch.Outcome, batch.Probe)).ToHashSet(StringComparer.Ordinal);
        var deferred = batch.Outcome.DeferredIds.ToHashSet(StringComparer.Ordinal);
        batch.Held = [.. batch.Entries.Where(e => held.Contains(e.SignatureId))];
        batch.Deferred = [.. batch.Entries.Where(e => deferred.Contains(e.SignatureId) && !held.Contains(e.SignatureId))];
        var steered = Steered(batch);
        batch.Finished = [.. batch.Entries.Where(e => !held.Contains(e.SignatureId) && !deferred.Contains(e.SignatureId)).Select(e =>
            steered.TryGetValue(e.SignatureId, out var review) ? new VersionOutcome(e, null, review)
            : batch.Outcome.Results.TryGetValue(e.SignatureId, out var result)
                ? new VersionOutcome(e, BatchRecords.FromModel(result, batch.Outcome.Model), null, batch.Quarantined)
                : new VersionOutcome(e, null, batch.Outcome.Reviews.LastOrDefault(r => r.SignatureId == e.SignatureId)
                    ?? new ReviewOutcome(e.SignatureId, ReviewReasons.MissingItem, "The conversation ended without an answer for this signature."),
                    batch.Quarantined))];
    }

    /// <summary>
    /// The answers of a batch that look steered (<see cref="SteeringCheck"/>) go to review instead of becoming results
    /// that would be reused for a week. A quarantined signature is alone in its batch: there is no one to steer.
    /// </summary>
    private Dictionary<string, ReviewOutcome> Steered(BatchContext batch)
    {
        var results = batch.Outcome!.Results;
        if (batch.Quarantined || results.Count == 0)
        {
            return [];
        }
        var steered = SteeringCheck.Steered(batch.Entries.ToDictionary(e => e.SignatureId, e => e.Signature!.Host), results);
        if (steered.Count == 0)
        {
            return [];
        }
        var sample = results[steered[0]];
        var detail = LogText.Escape($"{steered.Count} of {results.Count} answers of this batch say \"{sample.Service}\" / {AimoJson.ToWire(sample.Category)} / "
            + $"{AimoJson.ToWire(sample.Risk)} although their hosts belong to unrelated sites: the batch looks steered by one of its samples.", 1000);
        LogSteered(logger, steered.Count, results.Count, detail);
        return steered.ToDictionary(id => id, id => new ReviewOutcome(id, ReviewReasons.SuspectedInjection, detail), StringComparer.Ordinal);
    }

    /// <summary>The conversation of one batch: every call, re-ask and split half, and what came of them.</summary>
    /// <param name="answer">The first call's answer, when it came back from a Batch API job.</param>
    public async Task<ClassifyOutcome> ConverseAsync(
        Tier tier, IReadOnlyList<FormattedSignature> batch, ICallBudget budget, CancellationToken cancellationToken, JobAnswer? answer = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Count);
        var conversation = new Conversation(this, budget, answer);
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        await conversation.SendAsync(batch, cancellationToken);
        stopwatch.Stop();

        var estimate = Estimate(batch);
        return new ClassifyOutcome(
            tier, request.Model, batch.Sum(s => s.SampleChars), estimate.InputTokens, estimate.OutputTokens,
            conversation.Results, conversation.Reviews, [.. conversation.Deferred], [.. conversation.UnknownIds.Distinct()], conversation.Failure,
            conversation.InputTokens, conversation.OutputTokens, stopwatch.ElapsedMilliseconds,
            conversation.Attempts, conversation.JsonRetries, conversation.Responses, conversation.ValidJsonResponses, conversation.Calls,
            started, time.GetUtcNow()) { CachedInputTokens = conversation.CachedInputTokens };
    }

    /// <summary>
    /// The signatures whose call failed because the provider is down or refuses the setup, when reading is paused: they
    /// wait for the provider instead of flooding needs_review. Before the pause they go to review after the seed's 3 attempts.
    /// </summary>
    private async Task<IEnumerable<string>> HeldByOutageAsync(ClassifyOutcome outcome, bool probe)
    {
        if (outcome.Failure is not { } failure || failure.Kind == LlmFailureKind.Rejected
            || (outcome.Responses > 0 && failure.Kind == LlmFailureKind.Transient))
        {
            // Answered (in part): the provider works; a failed part goes to review.
            if (outcome.Responses > 0)
            {
                await health.RecordSuccessAsync();
            }
            return [];
        }
        if (!await health.RecordFailureAsync(failure, probe))
        {
            return [];
        }
        return outcome.Reviews.Where(r => r.Reason is ReviewReasons.LlmUnavailable or ReviewReasons.LlmConfiguration).Select(r => r.SignatureId);
    }

    internal static string Excerpt(string? raw) =>
        raw is null ? "" : raw.Length <= RawExcerptChars ? raw : raw[..RawExcerptChars];

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Count} of {Answers} answers of a batch look steered; sent to review: {Detail}")]
    private static partial void LogSteered(ILogger logger, int count, int answers, string detail);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Rejected {Count} result(s) for ids that were not in the batch: {Ids}")]
    internal static partial void LogUnknownIds(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "LLM call for {Count} signature(s) failed after {Attempts} attempt(s): {Failure}")]
    internal static partial void LogCallFailed(ILogger logger, Exception exception, int count, int attempts, string failure);
}
