using System.ClientModel;
using System.Diagnostics;
using Aimo.Core.Pricing;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Core.Validation;
using Aimo.Data.Entities;
using Aimo.Worker.Llm;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Aimo.Worker.Processing;

/// <summary>
/// Sends one planned batch to the model and applies the design's rules: keep valid items, re-ask once
/// for the rest, split truncated answers down to one signature, and send whatever is left to review.
/// Stateless; one <see cref="Run"/> per batch.
/// </summary>
public sealed partial class BatchProcessor(IChatClient chatClient, PriceTable prices, TokenEstimator estimator, TimeProvider time, ILogger<BatchProcessor> logger)
{
    private readonly IChatClient _chatClient = chatClient;
    private readonly ILogger _logger = logger;

    public const int RawExcerptChars = 2000;

    /// <summary>Estimated cost of a batch, for the budget reservation. Unpriced models estimate 0.</summary>
    public decimal EstimateCost(string model, IReadOnlyList<FormattedSignature> batch)
    {
        var estimate = estimator.Estimate(batch.Count, batch.Sum(s => s.SampleChars));
        return prices.Cost(model, estimate.InputTokens, estimate.OutputTokens).Usd ?? 0m;
    }

    public async Task<BatchOutcome> ProcessAsync(Tier tier, string model, IReadOnlyList<FormattedSignature> batch, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Count);
        var run = new Run(this, model);
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        using (var scope = AttemptScope.Begin())
        {
            await run.SendAsync(batch, cancellationToken);
            run.Attempts = scope.Attempts;
        }
        stopwatch.Stop();

        var sampleChars = batch.Sum(s => s.SampleChars);
        var estimate = estimator.Estimate(batch.Count, sampleChars);
        var estimatedCost = prices.Cost(model, estimate.InputTokens, estimate.OutputTokens).Usd ?? 0m;
        var actual = prices.Cost(model, run.InputTokens, run.OutputTokens);
        if (!actual.IsPriced)
        {
            LogUnpriced(_logger, model);
        }
        return new BatchOutcome(
            tier, model, batch.Count, sampleChars, estimate.InputTokens, estimate.OutputTokens, estimatedCost,
            [.. batch.Select(s => run.Results.GetValueOrDefault(s.Id)).OfType<Aimo.Core.Classification.ClassificationResult>()],
            run.Reviews, [.. run.UnknownIds.Distinct()],
            run.InputTokens, run.OutputTokens, actual.Usd, stopwatch.ElapsedMilliseconds,
            run.Attempts, run.JsonRetries, run.Responses, run.ValidJsonResponses, run.Calls,
            started, time.GetUtcNow());
    }

    private static string Excerpt(string? raw) =>
        raw is null ? "" : raw.Length <= RawExcerptChars ? raw : raw[..RawExcerptChars];

    private static (int? Status, string Detail) Describe(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } cre => (cre.Status, $"HTTP {cre.Status}: {cre.Message}"),
        TimeoutRejectedException => (null, $"Timed out: {exception.Message}"),
        BrokenCircuitException => (null, $"Circuit open: {exception.Message}"),
        _ => (null, $"{exception.GetType().Name}: {exception.Message}"),
    };

    private sealed class Run(BatchProcessor owner, string model)
    {
        public Dictionary<string, Aimo.Core.Classification.ClassificationResult> Results { get; } = new(StringComparer.Ordinal);
        public List<ReviewOutcome> Reviews { get; } = [];
        public List<string> UnknownIds { get; } = [];
        public int InputTokens { get; private set; }
        public int OutputTokens { get; private set; }
        public int Attempts { get; set; }
        public int JsonRetries { get; private set; }
        public int Responses { get; private set; }
        public int ValidJsonResponses { get; private set; }
        public int Calls { get; private set; }

        public async Task SendAsync(IReadOnlyList<FormattedSignature> group, CancellationToken cancellationToken)
        {
            List<ChatMessage> messages =
            [
                new(ChatRole.System, ClassificationPrompt.SystemPrompt),
                new(ChatRole.User, ClassificationPrompt.BuildUserPrompt(group)),
            ];
            var ids = group.Select(s => s.Id).ToList();
            var reply = await CallAsync(messages, group.Count, ids, cancellationToken);
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

            // Exactly one re-ask, for the ids still without a valid result.
            JsonRetries++;
            var remainingIds = remaining.Select(s => s.Id).ToList();
            messages.Add(new ChatMessage(ChatRole.Assistant, reply.Text));
            messages.Add(new ChatMessage(ChatRole.User, ClassificationPrompt.JsonRetryPrompt(report.RetryError, remainingIds)));
            var second = await CallAsync(messages, remaining.Count, remainingIds, cancellationToken);
            if (second is null)
            {
                return;
            }
            var secondReport = Accept(remainingIds, second);
            var still = remaining.Where(s => !Results.ContainsKey(s.Id)).ToList();
            if (still.Count > 0 && secondReport.Truncated)
            {
                await SplitOrReviewAsync(remaining, still, second, cancellationToken);
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
                    "The answer for this single signature was cut off (finish_reason=length).", RawExcerpt: Excerpt(reply.Text)));
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
                LogUnknownIds(owner._logger, report.UnknownIds.Count, string.Join(", ", report.UnknownIds.Take(10)));
            }
            return report;
        }

        private async Task<ChatResponse?> CallAsync(List<ChatMessage> messages, int count, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            Calls++;
            var options = new ChatOptions
            {
                ModelId = model,
                Temperature = 0,
                ResponseFormat = ClassificationSchema.ResponseFormat,
                // Headroom over the estimate: a cut-off answer costs a split and a resend.
                MaxOutputTokens = (count * TokenEstimator.OutputTokensPerSignature * 2) + 256,
            };
            try
            {
                var reply = await owner._chatClient.GetResponseAsync(messages, options, cancellationToken);
                InputTokens += (int)(reply.Usage?.InputTokenCount ?? 0);
                OutputTokens += (int)(reply.Usage?.OutputTokenCount ?? 0);
                return reply;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OperationCanceledException || ex is TimeoutRejectedException)
            {
                var (status, detail) = Describe(ex);
                status ??= AttemptScope.Current?.LastStatus;
                LogCallFailed(owner._logger, ex, ids.Count, status);
                foreach (var id in ids)
                {
                    Reviews.Add(new ReviewOutcome(id, ReviewReasons.LlmUnavailable, detail, status));
                }
                return null;
            }
        }

        private static ReviewOutcome ToReview(ItemOutcome failed, ValidationReport report, string? raw) => failed.Failure switch
        {
            FailureReason.InvalidJson => new(failed.Id, ReviewReasons.InvalidJson,
                $"Invalid JSON twice: {report.JsonError ?? failed.Message}", RawExcerpt: Excerpt(raw)),
            FailureReason.Missing => new(failed.Id, ReviewReasons.MissingItem,
                $"The model omitted this id twice: {failed.Message}", RawExcerpt: Excerpt(raw)),
            FailureReason.Truncated => new(failed.Id, ReviewReasons.Truncated, failed.Message ?? "Cut off.", RawExcerpt: Excerpt(raw)),
            _ => new(failed.Id, ReviewReasons.InvalidItem, $"Invalid item twice: {failed.Message}", RawExcerpt: Excerpt(raw)),
        };
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Model {Model} has no price in Aimo:Pricing:Models; the batch's actual cost is recorded as unknown")]
    private static partial void LogUnpriced(ILogger logger, string model);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Rejected {Count} result(s) for ids that were not in the batch: {Ids}")]
    private static partial void LogUnknownIds(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "LLM call for {Count} signature(s) failed after all attempts (HTTP {Status})")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, int count, int? status);
}
