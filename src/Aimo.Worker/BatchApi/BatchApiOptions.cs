using System.ComponentModel.DataAnnotations;

namespace Aimo.Worker.BatchApi;

/// <summary>Tier C through the provider's Batch API (half the price, answered within 24 h), bound from <c>Aimo:Worker:BatchApi</c>.</summary>
public sealed class BatchApiOptions
{
    public const string SectionName = "Aimo:Worker:BatchApi";

    /// <summary>Off by default: tier C is then classified synchronously like A and B.</summary>
    public bool Enabled { get; set; }

    /// <summary>Planned batches (JSONL lines) per job; the provider takes at most 50,000.</summary>
    [Range(1, 50_000)]
    public int JobSize { get; set; } = 1000;

    /// <summary>A job's input file stays under this size (the provider takes at most 200 MB): lines are counted at their largest possible size.</summary>
    [Range(1024 * 1024, JobFile.ProviderMaxBytes)]
    public long MaxFileBytes { get; set; } = JobFile.ProviderMaxBytes;

    /// <summary>How long planned tier C batches wait for more before a job smaller than <see cref="JobSize"/> is submitted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often open jobs are polled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A job left in a passing state (planned, submitting, ingesting) this long lost its replica: another takes it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the job's budget reservation is held before it would be converted at its estimate: past the 24 h window.</summary>
    public static readonly TimeSpan ReservationLease = TimeSpan.FromHours(25);
}
