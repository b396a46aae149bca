using System.ComponentModel.DataAnnotations;

namespace Aimo.Worker.Options;

/// <summary>
/// The one retry layer of the LLM client, bound from <c>Aimo:Llm:Resilience</c>. Defaults are the design
/// document's policy: 3 attempts, then 1 s and 2 s (+0–300 ms jitter) between them.
/// </summary>
public sealed class LlmResilienceOptions : IValidatableObject
{
    public const string SectionName = "Aimo:Llm:Resilience";

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Delay before retry n (1-based) is n × this, plus jitter; a Retry-After never shortens it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A provider's Retry-After is honoured up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(200);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalRequestTimeout < AttemptTimeout)
        {
            yield return new ValidationResult(
                $"{SectionName}:TotalRequestTimeout ({TotalRequestTimeout}) must be at least AttemptTimeout ({AttemptTimeout}).",
                [nameof(TotalRequestTimeout)]);
        }
    }
}
