namespace Aimo.Data.Entities;

/// <summary>
/// A version of a signature that the worker could not classify and an operator must look at (table
/// <c>review_items</c>). (signature, version) is unique: a version goes to review at most once.
/// </summary>
public sealed class ReviewItemRecord
{
    public long Id { get; set; }
    public required string SignatureId { get; set; }
    /// <summary>The version that went to review; an operator's verdict is about this version, not a newer one.</summary>
    public long SignatureVersion { get; set; }
    /// <summary>The content hash of that version (an operator's verdict is reused only for this content).</summary>
    public required string ContentHash { get; set; }
    public Guid? BatchId { get; set; }
    public required string Tier { get; set; }
    /// <summary>Machine-readable reason, see <see cref="ReviewReasons"/>.</summary>
    public required string Reason { get; set; }
    /// <summary>Human-readable detail: HTTP status, parse error, validation message.</summary>
    public required string Detail { get; set; }
    public int? HttpStatus { get; set; }
    /// <summary>First part of the raw model answer, to see what went wrong.</summary>
    public string? RawExcerpt { get; set; }
    /// <summary>See <see cref="ReviewStatuses"/>.</summary>
    public required string Status { get; set; }
    public string? ResolutionCategory { get; set; }
    public string? ResolutionRisk { get; set; }
    public string? ResolutionNote { get; set; }
    public string? ActedBy { get; set; }
    public DateTimeOffset? ActedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class ReviewStatuses
{
    public const string Open = "open";
    public const string Requeued = "requeued";
    public const string Resolved = "resolved";
    public const string Dismissed = "dismissed";
}

public static class ReviewReasons
{
    /// <summary>The LLM failed all of the seed's 3 attempts (5xx, 429, timeouts).</summary>
    public const string LlmUnavailable = "llm_unavailable";
    /// <summary>The provider refused this request itself (e.g. context length); the detail quotes its message.</summary>
    public const string LlmRejected = "llm_rejected";
    /// <summary>The provider refused the setup (key, model, parameters, quota); the detail quotes its message.</summary>
    public const string LlmConfiguration = "llm_configuration";
    public const string InvalidJson = "invalid_json";
    public const string InvalidItem = "invalid_item";
    public const string MissingItem = "missing_item";
    public const string Truncated = "truncated";
    public const string Poison = "poison";
    /// <summary>The batch's answers looked steered (most shared one verdict across unrelated sites): not trusted, not reused.</summary>
    public const string SuspectedInjection = "suspected_injection";

    /// <summary>Every reason, in the order filters list them.</summary>
    public static readonly string[] All =
        [LlmUnavailable, LlmRejected, LlmConfiguration, InvalidJson, InvalidItem, MissingItem, Truncated, Poison, SuspectedInjection];
}
