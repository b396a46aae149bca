using Aimo.Core.Classification;
using Aimo.Data.Entities;
using Aimo.Worker.Processing;
using Aimo.Worker.Queue;

namespace Aimo.Worker.Storage;

/// <summary>The rows a batch writes, built from its outcome. The one place a batch's status is computed.</summary>
internal static class BatchRecords
{
    public static string Status(int classified, int count) =>
        classified == count ? BatchStatuses.Succeeded : classified == 0 ? BatchStatuses.Failed : BatchStatuses.Partial;

    public static BatchRecord From(Guid batchId, BatchOutcome outcome, CommitSet set, IEnumerable<string> signatureIds)
    {
        var classified = outcome.Results.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var items = signatureIds.Where(id => !set.Reused.ContainsKey(id)).ToList();
        return new BatchRecord
        {
            Id = batchId, Tier = outcome.Tier.ToString(), Model = outcome.Model, SignatureCount = items.Count,
            SampleChars = outcome.SampleChars, EstimatedInputTokens = outcome.EstimatedInputTokens,
            EstimatedOutputTokens = outcome.EstimatedOutputTokens, InputTokens = outcome.InputTokens,
            OutputTokens = outcome.OutputTokens, CostUsdEstimated = set.CostUsdEstimated, CostUsdActual = set.CostUsdActual,
            LatencyMs = outcome.LatencyMs, Attempts = outcome.Attempts, JsonRetries = outcome.JsonRetries,
            SuccessRate = outcome.SuccessRate,
            Status = Status(items.Count(classified.Contains), items.Count),
            Error = outcome.UnknownIds.Count > 0 ? $"Rejected results for ids not in the batch: {string.Join(", ", outcome.UnknownIds.Take(20))}" : null,
            StartedAt = outcome.StartedAt, FinishedAt = outcome.FinishedAt,
            Items = [.. items.Select(id => new BatchItemRecord
            {
                BatchId = batchId, SignatureId = id,
                Outcome = classified.Contains(id) ? SignatureStatuses.Classified : SignatureStatuses.NeedsReview,
            })],
        };
    }

    public static ClassificationRecord Classification(ClassificationResult result, long version, Guid batchId, string model, DateTimeOffset now) => new()
    {
        SignatureId = result.Id, SignatureVersion = version, BatchId = batchId, Service = result.Service,
        Category = AimoJson.ToWire(result.Category), Risk = AimoJson.ToWire(result.Risk), Confidence = result.Confidence,
        Rationale = result.Rationale, Model = model, Source = ClassificationSources.Llm, CreatedAt = now,
    };

    public static ClassificationRecord Reuse(ClassificationRecord reused, long version, DateTimeOffset now) => new()
    {
        SignatureId = reused.SignatureId, SignatureVersion = version, BatchId = null, Service = reused.Service, Category = reused.Category,
        Risk = reused.Risk, Confidence = reused.Confidence, Rationale = reused.Rationale, Model = reused.Model,
        Source = ClassificationSources.Reuse, CreatedAt = now,
    };

    public static ReviewItemRecord Review(ReviewOutcome review, Guid? batchId, QueueEntry? entry, DateTimeOffset now) => new()
    {
        SignatureId = review.SignatureId, BatchId = batchId, Tier = entry?.Tier.ToString() ?? "C", Reason = review.Reason,
        Detail = review.Detail, HttpStatus = review.HttpStatus, RawExcerpt = review.RawExcerpt, Status = ReviewStatuses.Open, CreatedAt = now,
    };
}
