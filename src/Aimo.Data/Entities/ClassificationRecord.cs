namespace Aimo.Data.Entities;

/// <summary>
/// A classification of one version of a signature (table <c>classifications</c>): the version and content hash it
/// was made for, so reuse and the status route use exactly the result made for that content. (signature, version) is
/// unique: a version has at most one result, however often its entry is delivered or its batch committed.
/// </summary>
public sealed class ClassificationRecord
{
    public long Id { get; set; }
    public required string SignatureId { get; set; }
    /// <summary>The signature version it classifies (an operator's resolution: the version of the review item it resolves).</summary>
    public long SignatureVersion { get; set; }
    /// <summary>The content hash of that version: what the result is about (reuse matches on it).</summary>
    public required string ContentHash { get; set; }
    /// <summary>The batch that produced it; null when an operator resolved a review item.</summary>
    public Guid? BatchId { get; set; }
    /// <summary>The service the signature belongs to, e.g. "OpenAI API".</summary>
    public required string Service { get; set; }
    public required string Category { get; set; }
    public required string Risk { get; set; }
    public double Confidence { get; set; }
    public required string Rationale { get; set; }
    /// <summary>The model that answered, or "operator".</summary>
    public required string Model { get; set; }
    /// <summary>"llm", "reuse" (answered from an earlier result) or "operator".</summary>
    public required string Source { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class ClassificationSources
{
    public const string Llm = "llm";
    public const string Reuse = "reuse";
    public const string Operator = "operator";
}
