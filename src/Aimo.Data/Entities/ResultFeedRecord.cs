namespace Aimo.Data.Entities;

/// <summary>
/// One outcome in the results feed (table <c>result_feed</c>): a version of a signature classified, or sent to review,
/// as committed. <see cref="Seq"/> is the feed's order; it is taken under the commit-order lock (see
/// <c>ResultFeed</c>), so ascending seq is commit order. The row copies what a feeder needs (the log is read on its own
/// and outlives pruning of the classification history).
/// </summary>
public sealed class ResultFeedRecord
{
    public long Seq { get; set; }
    public required string SignatureId { get; set; }
    public long SignatureVersion { get; set; }
    /// <summary><c>classified</c> or <c>needs_review</c>.</summary>
    public required string Status { get; set; }
    public string? Service { get; set; }
    public string? Category { get; set; }
    public string? Risk { get; set; }
    public double? Confidence { get; set; }
    public string? Rationale { get; set; }
    public string? Model { get; set; }
    /// <summary>"llm", "reuse" or "operator" (see <see cref="ClassificationSources"/>); null for a review.</summary>
    public string? Source { get; set; }
    /// <summary>Why the version went to review (see <see cref="ReviewReasons"/>); null when classified.</summary>
    public string? ReviewReason { get; set; }
    public string? ReviewDetail { get; set; }
    public Guid? BatchId { get; set; }
    public bool SuspectedInjection { get; set; }
    public DateTimeOffset CommittedAt { get; set; }
}
