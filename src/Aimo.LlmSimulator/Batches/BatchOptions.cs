using System.ComponentModel.DataAnnotations;

namespace Aimo.LlmSimulator.Batches;

/// <summary>
/// How batch jobs behave (section <c>Simulator:Batch</c>, replaced whole by <c>PUT /sim/batches</c>). A job spends
/// <see cref="SecondsPerState"/> in each of <c>validating</c>, <c>in_progress</c> and <c>finalizing</c>, instead of the
/// minutes to hours of the real API, so a test sees the whole lifecycle in seconds.
/// </summary>
public sealed class BatchOptions
{
    public const string SectionName = "Simulator:Batch";

    /// <summary>Also how long <c>cancelling</c> lasts. A job keeps the value it was created with.</summary>
    [Range(0.001, 86_400)] public double SecondsPerState { get; init; } = 5;

    /// <summary>The share of lines answered with a 500 in the error file, spread evenly over the job (0.25: every 4th line).</summary>
    [Range(0.0, 1.0)] public double LineErrorRate { get; init; }
}
