namespace Aimo.Data.Results;

/// <summary>One outcome as a feeder reads it: a version classified or sent to review, in commit order.</summary>
/// <param name="Cursor">This outcome's position: pass it as <c>after</c> to read what was committed after it.</param>
/// <param name="Id">The signature id.</param>
/// <param name="Version">The version this outcome is about (as returned by <c>POST /api/signatures</c>).</param>
/// <param name="Status"><c>classified</c> or <c>needs_review</c>.</param>
/// <param name="Classification">The verdict when classified; null when in review.</param>
/// <param name="Review">Why the version went to review; null when classified.</param>
/// <param name="BatchId">The LLM batch that produced it; null for reuse, poison entries and operators' verdicts.</param>
public sealed record ResultOutcome(string Cursor, string Id, long Version, string Status, ResultClassification? Classification,
    ResultReview? Review, Guid? BatchId, bool SuspectedInjection, DateTimeOffset CommittedAt);

/// <param name="Source">"llm", "reuse" (an earlier result for the same content) or "operator" (an operator resolved a review).</param>
public sealed record ResultClassification(string Service, string Category, string Risk, double Confidence, string Rationale, string Model, string Source);

/// <param name="Reason">Machine-readable reason, e.g. <c>llm_unavailable</c>, <c>invalid_json</c>, <c>suspected_injection</c>.</param>
public sealed record ResultReview(string Reason, string Detail);

/// <summary>A page of the feed.</summary>
/// <param name="Next">The cursor to read on from: the last item's, or the one given when nothing new was committed.</param>
/// <param name="HasMore">More outcomes were committed after this page: read again at once rather than wait.</param>
public sealed record ResultsPage(IReadOnlyList<ResultOutcome> Items, string Next, bool HasMore);
