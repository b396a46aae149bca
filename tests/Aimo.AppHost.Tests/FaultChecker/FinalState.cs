namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>What the status route reports for an id once the stack is quiet.</summary>
public sealed record FinalSignature(string Id, long Version, string Status);

/// <summary>A (signature, version) with more than one model result.</summary>
public sealed record DuplicateResult(string SignatureId, long Version, long Count);

/// <summary>A review item of reason llm_unavailable and the batch it names (null: none recorded).</summary>
public sealed record UnavailableReview(string SignatureId, string? BatchId, int? Attempts);

/// <summary>The end state a schedule's history is checked against.</summary>
/// <param name="Signatures">By id: what <c>GET /api/signatures/{id}</c> answered (absent: 404).</param>
/// <param name="ReviewReasons">By id: the reasons of its review items.</param>
public sealed record FinalState(
    IReadOnlyDictionary<string, FinalSignature> Signatures,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ReviewReasons,
    IReadOnlyList<DuplicateResult> DuplicateResults,
    IReadOnlyList<UnavailableReview> UnavailableReviews);
