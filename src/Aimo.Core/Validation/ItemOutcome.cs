using System.Diagnostics.CodeAnalysis;
using Aimo.Core.Classification;

namespace Aimo.Core.Validation;

/// <summary>What a response said about one signature id: a valid result, or why there is none.</summary>
public sealed record ItemOutcome(string Id, ClassificationResult? Result, FailureReason? Failure, string? Message)
{
    [MemberNotNullWhen(true, nameof(Result))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsValid => Result is not null;

    public static ItemOutcome Valid(ClassificationResult result) => new(result.Id, result, null, null);

    public static ItemOutcome Failed(string id, FailureReason reason, string message) => new(id, null, reason, message);
}
