using Aimo.Core;
using Aimo.Core.Budget;
using Aimo.Core.Classification;
using Aimo.Data;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Data.Results;
using Aimo.Worker.Classify;

namespace Aimo.Worker.Commit;

/// <summary>The rows a commit writes. The one place a batch's status and its items are computed.</summary>
internal static class BatchRecords
{
    /// <summary>A batch item's outcome when its version was finished by another commit: carried and paid for, not recorded.</summary>
    public const string Discarded = "discarded";

    public static string Status(int classified, int count) =>
        classified == count ? BatchStatuses.Succeeded : classified == 0 ? BatchStatuses.Failed : BatchStatuses.Partial;

    /// <summary>The batch row of one classify step: every LLM call is recorded, with its metrics and settled cost.</summary>
    public static BatchRecord Batch(Guid id, ClassifyOutcome outcome, decimal costUsdEstimated, decimal costUsdActual) => new()
    {
        Id = id, Tier = outcome.Tier.ToString(), Model = outcome.Model, SampleChars = outcome.SampleChars,
        EstimatedInputTokens = outcome.EstimatedInputTokens, EstimatedOutputTokens = outcome.EstimatedOutputTokens,
        InputTokens = outcome.InputTokens, CachedInputTokens = outcome.CachedInputTokens, OutputTokens = outcome.OutputTokens, CostUsdEstimated = costUsdEstimated, CostUsdActual = costUsdActual,
        LatencyMs = outcome.LatencyMs, Attempts = outcome.Attempts, JsonRetries = outcome.JsonRetries, SuccessRate = outcome.SuccessRate,
        Status = BatchStatuses.Failed,
        Error = outcome.UnknownIds.Count > 0
            ? LogText.Escape($"Rejected results for ids not in the batch: {string.Join(", ", outcome.UnknownIds.Take(20))}", 2000)
            : null,
        StartedAt = outcome.StartedAt, FinishedAt = outcome.FinishedAt,
    };

    /// <summary>The batch with one item per signature it finished; its status counts what the model answered.</summary>
    public static BatchRecord WithItems(BatchRecord batch, IReadOnlyList<VersionOutcome> outcomes, IReadOnlyCollection<QueueEntry> recorded)
    {
        batch.SignatureCount = outcomes.Count;
        batch.Status = Status(outcomes.Count(o => o.Classification is not null), outcomes.Count);
        batch.Items = [.. outcomes.Select(o => new BatchItemRecord
        {
            BatchId = batch.Id, SignatureId = o.Entry.SignatureId,
            Outcome = recorded.Contains(o.Entry) ? o.Status : Discarded,
        })];
        return batch;
    }

    /// <summary>The result or review item of a version this commit finished; returns its row for the results feed.</summary>
    public static ResultFeedRecord AddOutcome(AimoDbContext db, VersionOutcome outcome, Guid? batchId, DateTimeOffset now)
    {
        var entry = outcome.Entry;
        if (outcome.Classification is { } c)
        {
            var classification = new ClassificationRecord
            {
                SignatureId = entry.SignatureId, SignatureVersion = entry.Version, ContentHash = entry.ContentHash,
                BatchId = c.Source == ClassificationSources.Reuse ? null : batchId, Service = c.Service, Category = c.Category, Risk = c.Risk,
                Confidence = c.Confidence, Rationale = c.Rationale, Model = c.Model, Source = c.Source, CreatedAt = now,
            };
            db.Classifications.Add(classification);
            return ResultFeed.Classified(classification, outcome.SuspectedInjection);
        }
        var review = outcome.Review!;
        var item = new ReviewItemRecord
        {
            SignatureId = entry.SignatureId, SignatureVersion = entry.Version, ContentHash = entry.ContentHash, BatchId = batchId,
            Tier = entry.Tier.ToString(), Reason = review.Reason, Detail = review.Detail, HttpStatus = review.HttpStatus,
            RawExcerpt = review.RawExcerpt, Status = ReviewStatuses.Open, CreatedAt = now,
        };
        db.ReviewItems.Add(item);
        return ResultFeed.NeedsReview(item, outcome.SuspectedInjection);
    }

    /// <summary>A model's answer for one signature, as the commit writes it.</summary>
    public static ClassificationDraft FromModel(ClassificationResult result, string model) => new(
        result.Service, AimoJson.ToWire(result.Category), AimoJson.ToWire(result.Risk), result.Confidence, result.Rationale, model,
        ClassificationSources.Llm);
}
