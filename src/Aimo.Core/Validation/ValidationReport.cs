using Aimo.Core.Classification;

namespace Aimo.Core.Validation;

/// <summary>
/// The outcome of validating one response against its batch. Partial success is normal: keep
/// <see cref="Valid"/>, re-ask or review <see cref="Failed"/>.
/// </summary>
/// <param name="Items">One outcome per expected id, in the batch's order.</param>
/// <param name="UnknownIds">Ids in the answer that were not in the batch (rejected).</param>
/// <param name="DuplicateIds">Ids answered more than once (none of their answers is kept).</param>
/// <param name="Problems">Item-level problems that name no usable id, and every rejected item's reason.</param>
/// <param name="JsonError">The parse or shape error of the whole answer, for the re-ask; null when it parsed.</param>
/// <param name="Truncated">The provider cut the answer off (<c>finish_reason=length</c>).</param>
public sealed record ValidationReport(
    IReadOnlyList<ItemOutcome> Items,
    IReadOnlyList<string> UnknownIds,
    IReadOnlyList<string> DuplicateIds,
    IReadOnlyList<string> Problems,
    string? JsonError,
    bool Truncated)
{
    /// <summary>The answer parsed as JSON of the expected shape (the design's "valid JSON response").</summary>
    public bool IsValidJson => JsonError is null;

    public IReadOnlyList<ClassificationResult> Valid => [.. Items.Where(i => i.IsValid).Select(i => i.Result!)];

    public IReadOnlyList<ItemOutcome> Failed => [.. Items.Where(i => !i.IsValid)];

    public bool AllValid => Items.All(i => i.IsValid);

    /// <summary>The errors for <c>ClassificationPrompt.JsonRetryPrompt</c>: the JSON error, or the item problems (model text among them).</summary>
    public IReadOnlyList<string> RetryErrors => JsonError is { } json ? [json] : [.. Failed.Select(f => $"{f.Id}: {f.Message}").Concat(Problems).Distinct()];

    /// <summary>The errors as one text (review details, logs); escape it before it reaches a log line.</summary>
    public string RetryError => string.Join("\n", RetryErrors);
}
