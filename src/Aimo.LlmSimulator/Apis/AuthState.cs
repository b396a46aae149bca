using System.ComponentModel.DataAnnotations;

namespace Aimo.LlmSimulator.Apis;

/// <summary>The keys <c>/v1</c> accepts; empty accepts any non-empty key. Body and answer of <c>/sim/auth</c>.</summary>
public sealed record AuthState([property: Required] IReadOnlyList<string> ApiKeys) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKeys?.Any(string.IsNullOrWhiteSpace) == true)
            yield return new ValidationResult("A key must not be empty; send [] to accept any key.", [nameof(ApiKeys)]);
    }
}
