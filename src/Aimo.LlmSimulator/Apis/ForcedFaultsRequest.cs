using System.ComponentModel.DataAnnotations;
using Aimo.LlmSimulator.Faults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>Either <see cref="Fault"/> × <see cref="Count"/>, or an explicit <see cref="Sequence"/>.</summary>
public sealed class ForcedFaultsRequest : IValidatableObject
{
    public FaultKind? Fault { get; init; }

    [Range(1, 1000)] public int Count { get; init; } = 1;

    [MaxLength(1000)] public IReadOnlyList<FaultKind>? Sequence { get; init; }

    /// <summary>When set, only requests whose messages contain this text take these faults.</summary>
    [MinLength(1)] public string? Match { get; init; }

    public IEnumerable<ForcedFault> Expand() =>
        (Sequence ?? Enumerable.Repeat(Fault!.Value, Count)).Select(kind => new ForcedFault(kind, Match));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Fault is null) == (Sequence is null))
            yield return new ValidationResult("Give either 'fault' (with an optional 'count') or 'sequence'.", [nameof(Fault)]);
    }
}
