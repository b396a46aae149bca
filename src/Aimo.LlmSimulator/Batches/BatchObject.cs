using System.Text.Json.Serialization;

namespace Aimo.LlmSimulator.Batches;

/// <summary>OpenAI's <c>Batch</c> object. Unset times and files are sent as null, as the real API sends them.</summary>
public sealed record BatchObject(
    string Id,
    string Object,
    string Endpoint,
    string? Model,
    BatchErrorList? Errors,
    string InputFileId,
    string CompletionWindow,
    string Status,
    string? OutputFileId,
    string? ErrorFileId,
    long CreatedAt,
    long? InProgressAt,
    long ExpiresAt,
    long? FinalizingAt,
    long? CompletedAt,
    long? FailedAt,
    long? ExpiredAt,
    long? CancellingAt,
    long? CancelledAt,
    BatchRequestCounts RequestCounts,
    BatchUsage Usage,
    IReadOnlyDictionary<string, string>? Metadata);

public sealed record BatchErrorList(string Object, IReadOnlyList<BatchError> Data);

/// <param name="Failed">Lines answered with an error, and lines an expired or cancelled job never answered.</param>
public sealed record BatchRequestCounts(int Total, int Completed, int Failed);

/// <summary>The job's tokens, summed over its answered lines: what a client settles a job's cost from.</summary>
public sealed record BatchUsage(long InputTokens, BatchInputTokensDetails InputTokensDetails, long OutputTokens,
    BatchOutputTokensDetails OutputTokensDetails, long TotalTokens)
{
    public static BatchUsage Of(IEnumerable<BatchLineResult> answered)
    {
        var usages = answered.Select(r => r.Usage).OfType<OpenAi.ChatUsage>().ToList();
        long input = usages.Sum(u => (long)u.PromptTokens), output = usages.Sum(u => (long)u.CompletionTokens);
        return new(input, new(usages.Sum(u => (long)(u.PromptTokensDetails?.CachedTokens ?? 0))), output,
            new(usages.Sum(u => (long)(u.CompletionTokensDetails?.ReasoningTokens ?? 0))), input + output);
    }
}

public sealed record BatchInputTokensDetails(long CachedTokens);

public sealed record BatchOutputTokensDetails(long ReasoningTokens);

/// <summary>A page of <c>GET /v1/batches</c>, newest first. An empty page has no first and last id: the spec types them as strings.</summary>
public sealed record BatchList(
    string Object,
    IReadOnlyList<BatchObject> Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FirstId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastId,
    bool HasMore);
