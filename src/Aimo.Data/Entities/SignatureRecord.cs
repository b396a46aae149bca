namespace Aimo.Data.Entities;

/// <summary>One URL signature as last seen by ingest or the worker (table <c>signatures</c>).</summary>
public sealed class SignatureRecord
{
    public required string Id { get; set; }
    /// <summary>"A", "B" or "C".</summary>
    public required string Tier { get; set; }
    public string? Method { get; set; }
    public required string Host { get; set; }
    public required string PathTemplate { get; set; }
    /// <summary>Sample requests as sent by the caller (jsonb array).</summary>
    public List<string> Samples { get; set; } = [];
    /// <summary>Optional traffic statistics (jsonb).</summary>
    public SignatureStatsRecord? Stats { get; set; }
    /// <summary>Hash of method+host+path+samples: the dedup key for re-ingests of the same content.</summary>
    public required string ContentHash { get; set; }
    /// <summary>
    /// The version (assigned by ingest, see <c>QueueKeys.VersionSequence</c>) this row's content and status are of.
    /// A stream entry with a version at or below it is already finished.
    /// </summary>
    public long Version { get; set; }
    /// <summary>See <see cref="SignatureStatuses"/>.</summary>
    public required string Status { get; set; }
    /// <summary>
    /// This version's text reads like instructions to a model (prompt injection): it was classified in a batch of its
    /// own, so it could affect nobody else's result. Whoever wrote it through the proxy is worth a look.
    /// </summary>
    public bool SuspectedInjection { get; set; }
    public Guid? LastBatchId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClassifiedAt { get; set; }
}

public sealed class SignatureStatsRecord
{
    public long? Requests { get; set; }
    public long? Users { get; set; }
    public long? BytesOut { get; set; }
    public DateTimeOffset? FirstSeen { get; set; }
    public DateTimeOffset? LastSeen { get; set; }
}

public static class SignatureStatuses
{
    public const string Queued = "queued";
    public const string Deferred = "deferred";
    public const string Classified = "classified";
    public const string NeedsReview = "needs_review";
}
