namespace Aimo.Data.Entities;

/// <summary>One LLM request (with its retries and re-asks) and its metrics (table <c>batches</c>).</summary>
public sealed class BatchRecord
{
    public Guid Id { get; set; }
    public required string Tier { get; set; }
    public required string Model { get; set; }
    public int SignatureCount { get; set; }
    public int SampleChars { get; set; }
    public int EstimatedInputTokens { get; set; }
    public int EstimatedOutputTokens { get; set; }
    /// <summary>Provider-reported usage summed over every attempt and re-ask.</summary>
    public int InputTokens { get; set; }

    /// <summary>Of <see cref="InputTokens"/>, those read from the provider's prompt cache.</summary>
    public int CachedInputTokens { get; set; }

    public int OutputTokens { get; set; }
    public decimal CostUsdEstimated { get; set; }
    /// <summary>Null when the model has no price (unpriced models are flagged, never counted as $0).</summary>
    public decimal? CostUsdActual { get; set; }
    /// <summary>
    /// Of <see cref="CostUsdActual"/>, what the provider's Batch API billed (a job line's answer, at the batch price);
    /// the rest was paid synchronously (re-asks and splits, or the whole call). 0 for a synchronous batch.
    /// </summary>
    public decimal BatchApiCostUsd { get; set; }

    /// <summary>The Batch API job (<c>batch_jobs.id</c>) whose answer this batch started from; null for a synchronous batch.</summary>
    public Guid? BatchJobId { get; set; }

    public long LatencyMs { get; set; }
    public int Attempts { get; set; }
    public int JsonRetries { get; set; }
    /// <summary>Valid JSON responses / total responses, 0..1.</summary>
    public double SuccessRate { get; set; }
    /// <summary>See <see cref="BatchStatuses"/>.</summary>
    public required string Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public List<BatchItemRecord> Items { get; set; } = [];
}

/// <summary>Which signatures a batch carried and how each ended (table <c>batch_items</c>).</summary>
public sealed class BatchItemRecord
{
    public Guid BatchId { get; set; }
    public required string SignatureId { get; set; }
    /// <summary>"classified" or "needs_review".</summary>
    public required string Outcome { get; set; }
}

public static class BatchStatuses
{
    /// <summary>Every signature got a valid classification.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Some signatures were classified, the rest went to review.</summary>
    public const string Partial = "partial";
    /// <summary>No signature was classified.</summary>
    public const string Failed = "failed";
}
