namespace Aimo.Data.Entities;

/// <summary>
/// A classification of a signature (table <c>classifications</c>). A signature can have several over
/// time (re-classification, operator resolution); the newest is current. (signature, batch) is unique,
/// so a redelivered queue entry can never add a second result for the same batch.
/// </summary>
public sealed class ClassificationRecord
{
    public long Id { get; set; }
    public required string SignatureId { get; set; }
    /// <summary>The signature version it classifies (0 for an operator's resolution).</summary>
    public long SignatureVersion { get; set; }
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
