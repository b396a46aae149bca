using System.ComponentModel.DataAnnotations;

namespace Aimo.LlmSimulator.Faults;

/// <summary>
/// How often the simulator misbehaves. Bound from <c>Simulator:Faults</c> at start and replaced whole by
/// <c>PUT /sim/faults</c>. Probabilities are of mutually exclusive outcomes, so they must sum to at most 1.
/// </summary>
public sealed class FaultProfile : IValidatableObject
{
    public const string SectionName = "Simulator:Faults";
    private const int MaxDelayMs = 3_600_000;

    /// <summary>Added to every chat request; with <see cref="LatencyMaxMs"/> it is the lower bound.</summary>
    [Range(0, MaxDelayMs)] public int LatencyMs { get; init; }

    /// <summary>When set, latency is drawn uniformly from [<see cref="LatencyMs"/>, this].</summary>
    [Range(0, MaxDelayMs)] public int? LatencyMaxMs { get; init; }

    [Range(0.0, 1.0)] public double Http500Probability { get; init; }
    [Range(0.0, 1.0)] public double Http503Probability { get; init; }
    [Range(0.0, 1.0)] public double Http429Probability { get; init; }
    [Range(0.0, 1.0)] public double HangProbability { get; init; }
    [Range(0.0, 1.0)] public double InvalidJsonProbability { get; init; }
    [Range(0.0, 1.0)] public double TruncatedProbability { get; init; }
    [Range(0.0, 1.0)] public double DroppedItemsProbability { get; init; }
    [Range(0.0, 1.0)] public double ExtraIdsProbability { get; init; }
    [Range(0.0, 1.0)] public double CodeFenceProbability { get; init; }
    [Range(0.0, 1.0)] public double StallBodyProbability { get; init; }
    [Range(0.0, 1.0)] public double Http401Probability { get; init; }
    [Range(0.0, 1.0)] public double Http404ModelProbability { get; init; }
    [Range(0.0, 1.0)] public double Http400ParamProbability { get; init; }
    [Range(0.0, 1.0)] public double InsufficientQuotaProbability { get; init; }
    [Range(0.0, 1.0)] public double ObeyInjectionProbability { get; init; }

    /// <summary>
    /// Value of the <c>Retry-After</c> header sent with injected 429 and 503 responses. At least 1: the header is
    /// whole seconds and 0 would tell a client to retry at once, which no real provider says.
    /// </summary>
    [Range(1, 3600)] public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>
    /// How long a hang or a stalled body lasts; longer than any sane client timeout. Ends early when the client gives up.
    /// </summary>
    [Range(1, MaxDelayMs)] public int HangMs { get; init; } = 300_000;

    /// <summary>Seed of the random draws, so a fault sequence is reproducible.</summary>
    public int Seed { get; init; } = 4242;

    /// <summary>The probabilities in draw order; the order is part of reproducibility, keep it stable.</summary>
    public IEnumerable<(FaultKind Kind, double Probability)> Probabilities()
    {
        yield return (FaultKind.Http500, Http500Probability);
        yield return (FaultKind.Http503, Http503Probability);
        yield return (FaultKind.Http429, Http429Probability);
        yield return (FaultKind.Hang, HangProbability);
        yield return (FaultKind.InvalidJson, InvalidJsonProbability);
        yield return (FaultKind.Truncated, TruncatedProbability);
        yield return (FaultKind.DroppedItems, DroppedItemsProbability);
        yield return (FaultKind.ExtraIds, ExtraIdsProbability);
        yield return (FaultKind.CodeFence, CodeFenceProbability);
        // Added after the first nine so that their seeded sequences are unchanged.
        yield return (FaultKind.StallBody, StallBodyProbability);
        yield return (FaultKind.Http401, Http401Probability);
        yield return (FaultKind.Http404Model, Http404ModelProbability);
        yield return (FaultKind.Http400Param, Http400ParamProbability);
        yield return (FaultKind.InsufficientQuota, InsufficientQuotaProbability);
        yield return (FaultKind.ObeyInjection, ObeyInjectionProbability);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var sum = Probabilities().Sum(p => p.Probability);
        if (sum > 1.0 + 1e-9)
        {
            yield return new ValidationResult(
                $"The fault probabilities sum to {sum:0.###}; they are exclusive outcomes and must sum to at most 1.",
                [nameof(Http500Probability)]);
        }
        if (LatencyMaxMs is { } max && max < LatencyMs)
        {
            yield return new ValidationResult(
                $"{nameof(LatencyMaxMs)} ({max}) must be at least {nameof(LatencyMs)} ({LatencyMs}).",
                [nameof(LatencyMaxMs)]);
        }
    }
}
