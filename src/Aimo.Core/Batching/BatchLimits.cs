using System.ComponentModel.DataAnnotations;

namespace Aimo.Core.Batching;

/// <summary>Batch limits of the design document, bound from <c>Aimo:Batching</c>. Defaults 20 / 8,000.</summary>
public sealed class BatchLimits
{
    public const string SectionName = "Aimo:Batching";

    public BatchLimits()
    {
    }

    public BatchLimits(int maxSignatures, int maxSampleChars)
    {
        MaxSignatures = maxSignatures;
        MaxSampleChars = maxSampleChars;
    }

    /// <summary>The design document's limits.</summary>
    public static BatchLimits Default { get; } = new();

    [Range(1, 1_000)]
    public int MaxSignatures { get; set; } = 20;

    [Range(1, 10_000_000)]
    public int MaxSampleChars { get; set; } = 8_000;
}
