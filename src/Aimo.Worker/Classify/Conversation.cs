using Aimo.Data;
using Aimo.Worker.Budget;
using Aimo.Core.Classification;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Core.Validation;
using Aimo.Data.Entities;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Llm;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Classify;

/// <summary>
/// The calls of one batch and what they produced. Each call's first attempt is reserved before it is sent (a refused
/// reservation defers its signatures instead), each further attempt by the HTTP pipeline (<see cref="LlmCall"/>), and
/// each is settled after. A signature is re-asked for JSON at most once, whatever splits follow.
/// </summary>
/// <param name="prepared">The first call's answer when it came back from a Batch API job (already paid, at the batch price).</param>
internal sealed class Conversation(ClassifyStep owner, ICallBudget budget, JobAnswer? prepared = null)
{
    private readonly HashSet<string> _reasked = new(StringComparer.Ordinal);
    private JobAnswer? _prepared = prepared;

    public Dictionary<string, ClassificationResult> Results { get; } = new(StringComparer.Ordinal);
    public List<ReviewOutcome> Reviews { get; } = [];
    public List<string> Deferred { get; } = [];
    public List<string> UnknownIds { get; } = [];
    public LlmFailure? Failure { get; private set; }
    public int InputTokens { get; private set; }
    public int CachedInputTokens { get; private set; }
    public int OutputTokens { get; private set; }
    public int Attempts { get; private set; }
    public int JsonRetries { get; private set; }
    public int Responses { get; private set; }
    public int ValidJsonResponses { get; private set; }
    public int Calls { get; private set; }

    /// <summary>The first request of a batch: what a call sends and what a Batch API job line carries.</summary>
    public static List<ChatMessage> FirstMessages(ModelRequest request, IReadOnlyList<FormattedSignature> group) =>
        [new(ChatRole.System, request.SystemPrompt), new(ChatRole.User, ClassificationPrompt.BuildUserPrompt(group))];

    public async Task SendAsync(IReadOnlyList<FormattedSignature> group, CancellationToken cancellationToken)
    {
        var messages = FirstMessages(owner.Request, group);
        var userPrompt = messages[1].Text;
        var ids = group.Select(s => s.Id).ToList();
        var reply = await CallAsync(messages, ids, owner.Estimate(group), cancellationToken);
        if (reply is null)
        {
            return;
        }
        var report = Accept(ids, reply);
        var remaining = group.Where(s => !Results.ContainsKey(s.Id)).ToList();
        if (remaining.Count == 0)
        {
            return;
        }
        if (report.Truncated)
        {
            await SplitOrReviewAsync(group, remaining, reply, cancellationToken);
            return;
        }

        // One JSON re-ask per signature, across splits: ids already re-asked in a larger batch go to review now.
        foreach (var id in remaining.Select(s => s.Id).Where(_reasked.Contains))
        {
            Reviews.Add(ToReview(report.Failed.First(f => f.Id == id), report, reply.Text));
        }
        var askable = remaining.Where(s => !_reasked.Contains(s.Id)).ToList();
        if (askable.Count == 0)
        {
            return;
        }
        var askIds = askable.Select(s => s.Id).ToList();
        _reasked.UnionWith(askIds);
        JsonRetries++;
        var retryPrompt = ClassificationPrompt.JsonRetryPrompt(report.RetryErrors, askIds);
        messages.Add(new ChatMessage(ChatRole.Assistant, reply.Text));
        messages.Add(new ChatMessage(ChatRole.User, retryPrompt));
        var estimator = owner.Estimator;
        var reaskEstimate = new TokenEstimate(
            estimator.CountRequest(userPrompt) + estimator.CountExact(reply.Text ?? "") + estimator.CountExact(retryPrompt),
            owner.Request.EstimatedOutputTokens(askable.Count));
        var second = await CallAsync(messages, askIds, reaskEstimate, cancellationToken);
        if (second is null)
        {
            return;
        }
        var secondReport = Accept(askIds, second);
        var still = askable.Where(s => !Results.ContainsKey(s.Id)).ToList();
        if (still.Count > 0 && secondReport.Truncated)
        {
            await SplitOrReviewAsync(askable, still, second, cancellationToken);
            return;
        }
        foreach (var failed in secondReport.Failed)
        {
            Reviews.Add(ToReview(failed, secondReport, second.Text));
        }
    }

    private async Task SplitOrReviewAsync(
        IReadOnlyList<FormattedSignature> group, List<FormattedSignature> remaining, ChatResponse reply, CancellationToken cancellationToken)
    {
        if (remaining.Count == 1 && group.Count == 1)
        {
            Reviews.Add(new ReviewOutcome(remaining[0].Id, ReviewReasons.Truncated,
                "The answer for this single signature was cut off (finish_reason=length).", RawExcerpt: ClassifyStep.Excerpt(reply.Text)));
            return;
        }
        if (remaining.Count == 1)
        {
            await SendAsync(remaining, cancellationToken);
            return;
        }
        var half = remaining.Count / 2;
        await SendAsync(remaining[..half], cancellationToken);
        await SendAsync(remaining[half..], cancellationToken);
    }

    private ValidationReport Accept(IReadOnlyList<string> ids, ChatResponse reply)
    {
        var report = ResponseValidator.Validate(ids, reply.Text, reply.FinishReason?.Value);
        Responses++;
        if (report.IsValidJson)
        {
            ValidJsonResponses++;
        }
        foreach (var result in report.Valid)
        {
            Results.TryAdd(result.Id, result);
        }
        if (report.UnknownIds.Count > 0)
        {
            UnknownIds.AddRange(report.UnknownIds);
            // Invented ids are the model's text, maybe steered by a hostile sample: escaped before they reach a log line.
            ClassifyStep.LogUnknownIds(owner.Logger, report.UnknownIds.Count, Aimo.Core.LogText.Escape(string.Join(", ", report.UnknownIds.Take(10))));
        }
        return report;
    }

    /// <summary>One reserved call. Null when it was not answered: deferred by the budget, or failed (its ids are in review).</summary>
    private async Task<ChatResponse?> CallAsync(List<ChatMessage> messages, IReadOnlyList<string> ids, TokenEstimate estimate, CancellationToken cancellationToken)
    {
        if (Failure is { Kind: LlmFailureKind.Configuration } known)
        {
            // The provider refuses the setup: the rest of this batch would fail the same way.
            Fail(ids, known);
            return null;
        }
        if (Interlocked.Exchange(ref _prepared, null) is { } answer)
        {
            return await PreparedAsync(answer, ids.Count);
        }
        var lease = await budget.ReserveAsync(estimate, cancellationToken);
        if (lease is null)
        {
            Deferred.AddRange(ids);
            return null;
        }
        Calls++;
        using var call = LlmCall.Begin(budget, lease, estimate);
        try
        {
            if (owner.OutputCap is { } cap) await cap.RefreshIfStaleAsync();
            var reply = await owner.ChatClient.GetResponseAsync(messages, owner.Request.Options(ids.Count, owner.OutputCap?.PerSignature), cancellationToken);
            var input = reply.Usage?.InputTokenCount ?? 0;
            var output = reply.Usage?.OutputTokenCount ?? 0;
            // usage.prompt_tokens_details.cached_tokens: part of the input, billed at the model's cached rate.
            var cached = reply.Usage?.CachedInputTokenCount ?? 0;
            InputTokens += (int)input;
            CachedInputTokens += (int)cached;
            OutputTokens += (int)output;
            await call.SettleAsync(AttemptBill.Usage(input, output, cached));
            if (owner.OutputCap is { } learned) await learned.RecordAsync(ids.Count, output, reply.FinishReason == ChatFinishReason.Length);
            return reply;
        }
        catch (Exception ex)
        {
            // Every attempt that was sent has been settled by the HTTP pipeline; a lease left open was never sent.
            await call.SettleAsync(AttemptBill.Nothing);
            if (cancellationToken.IsCancellationRequested || RedisFailure.Is(ex))
            {
                // Stopping, or the budget cannot be reached: no fault of the provider nor of the entries.
                throw;
            }
            var failure = LlmFailure.From(ex, call.LastStatus);
            ClassifyStep.LogCallFailed(owner.Logger, ex, ids.Count, call.Attempts, Aimo.Core.LogText.Escape(failure.Describe()));
            Fail(ids, failure);
            return null;
        }
        finally
        {
            Attempts += call.Attempts;
        }
    }

    /// <summary>The first call answered by a Batch API job: counted like a call, paid by the job's reservation.</summary>
    private async Task<ChatResponse> PreparedAsync(JobAnswer answer, int signatures)
    {
        var reply = answer.Response;
        Calls++;
        Attempts++;
        InputTokens += (int)(reply.Usage?.InputTokenCount ?? 0);
        CachedInputTokens += (int)(reply.Usage?.CachedInputTokenCount ?? 0);
        OutputTokens += (int)(reply.Usage?.OutputTokenCount ?? 0);
        if (owner.OutputCap is { } learned) await learned.RecordAsync(signatures, reply.Usage?.OutputTokenCount ?? 0, reply.FinishReason == ChatFinishReason.Length);
        return reply;
    }

    private void Fail(IReadOnlyList<string> ids, LlmFailure failure)
    {
        Failure = failure;
        var reason = failure.Kind switch
        {
            LlmFailureKind.Configuration => ReviewReasons.LlmConfiguration,
            LlmFailureKind.Rejected => ReviewReasons.LlmRejected,
            _ => ReviewReasons.LlmUnavailable,
        };
        foreach (var id in ids)
        {
            Reviews.Add(new ReviewOutcome(id, reason, failure.Describe(), failure.HttpStatus));
        }
    }

    private static ReviewOutcome ToReview(ItemOutcome failed, ValidationReport report, string? raw) => failed.Failure switch
    {
        FailureReason.InvalidJson => new(failed.Id, ReviewReasons.InvalidJson,
            $"Invalid JSON after the re-ask: {report.JsonError ?? failed.Message}", RawExcerpt: ClassifyStep.Excerpt(raw)),
        FailureReason.Missing => new(failed.Id, ReviewReasons.MissingItem,
            $"The model omitted this id after the re-ask: {failed.Message}", RawExcerpt: ClassifyStep.Excerpt(raw)),
        FailureReason.Truncated => new(failed.Id, ReviewReasons.Truncated, failed.Message ?? "Cut off.", RawExcerpt: ClassifyStep.Excerpt(raw)),
        _ => new(failed.Id, ReviewReasons.InvalidItem, $"Invalid item after the re-ask: {failed.Message}", RawExcerpt: ClassifyStep.Excerpt(raw)),
    };
}
