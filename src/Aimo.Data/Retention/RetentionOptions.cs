using System.ComponentModel.DataAnnotations;

namespace Aimo.Data.Retention;

/// <summary>
/// How long history is kept, bound from <c>Aimo:Retention</c>. Each period is in days; 0 keeps that history forever
/// (the default: deleting is something a deployment chooses). Whatever the periods, the classification of every
/// signature's current version and its newest classification are kept, and so is every batch an open review item
/// points at.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Aimo:Retention";

    /// <summary>Batches (with their batch items) that started longer ago than this are deleted.</summary>
    [Range(0, 36_500)]
    public int BatchDays { get; set; }

    /// <summary>Classifications older than this that a newer one replaced (history) are deleted.</summary>
    [Range(0, 36_500)]
    public int ClassificationHistoryDays { get; set; }

    /// <summary>Audit rows older than this are deleted.</summary>
    [Range(0, 36_500)]
    public int AuditDays { get; set; }

    /// <summary>
    /// Results feed rows (<c>GET /api/results</c>) committed longer ago than this are deleted, once the results webhook (if
    /// any) has delivered them: a feeder that polls less often than this misses outcomes.
    /// </summary>
    [Range(0, 36_500)]
    public int FeedDays { get; set; }

    /// <summary>How often a pass runs (one worker replica at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Rows looked at per statement (batches: this many batch items' worth). Each statement is its own short
    /// transaction, so the hot tables are locked row by row for milliseconds, never table-wide.
    /// </summary>
    [Range(10, 100_000)]
    public int ChunkSize { get; set; } = 1000;

    public bool Enabled => BatchDays > 0 || ClassificationHistoryDays > 0 || AuditDays > 0 || FeedDays > 0;
}
