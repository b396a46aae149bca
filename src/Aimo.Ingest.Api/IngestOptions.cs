using System.ComponentModel.DataAnnotations;

namespace Aimo.Ingest.Api;

/// <summary>Ingest limits and the API key, bound from <c>Ingest</c> (the AppHost sets <c>Ingest__ApiKey</c>).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    [Required(ErrorMessage = "Ingest:ApiKey is required (the AppHost passes its 'ingest-api-key' parameter as Ingest__ApiKey).")]
    [MinLength(8)]
    public string ApiKey { get; set; } = "";

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

    /// <summary>Requests per minute per API key.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerMinute { get; set; } = 600;
}
