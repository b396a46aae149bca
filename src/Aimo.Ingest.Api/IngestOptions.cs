using System.ComponentModel.DataAnnotations;

namespace Aimo.Ingest.Api;

/// <summary>Ingest limits, bound from <c>Ingest</c> (API keys are in <see cref="Security.ApiKeyOptions"/>).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    [Range(1, 100_000)]
    public int MaxItemsPerRequest { get; set; } = 1000;

    [Range(1, 1000)]
    public int MaxSamplesPerSignature { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int MaxSampleLength { get; set; } = 4096;

    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most entries the tier streams may hold together (the backlog the workers have not finished). A request
    /// that would take the backlog past it is refused whole with 429, so a stalled worker cannot make Redis grow
    /// without bound.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public int MaxQueuedEntries { get; set; } = 1_000_000;

    /// <summary>Requests per minute per API key, counted in Redis across all ingest replicas.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerMinute { get; set; } = 600;
}
