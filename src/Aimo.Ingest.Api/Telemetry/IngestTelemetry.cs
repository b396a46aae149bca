using System.Diagnostics.Metrics;

namespace Aimo.Ingest.Api.Telemetry;

/// <summary>
/// The ingest API's meter ("Aimo.Ingest"; the service defaults export "Aimo.*"): signatures accepted and skipped as
/// duplicates, and requests rejected by reason. Requests refused by the API-key check or the per-key rate limiter
/// are counted by ASP.NET Core's own meters (<c>aspnetcore.authentication.*</c>, <c>aspnetcore.rate_limiting.requests</c>).
/// </summary>
public sealed class IngestTelemetry
{
    public const string Name = "Aimo.Ingest";

    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string TooLarge = "too_large";
    public const string Invalid = "invalid";
    public const string QueueUnavailable = "queue_unavailable";
    public const string QueueFull = "queue_full";

    private readonly Counter<long> _signatures;
    private readonly Counter<long> _rejected;

    public IngestTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _signatures = meter.CreateCounter<long>("aimo.ingest.signatures", "{signature}",
            "Signatures of accepted requests, by outcome: accepted (enqueued as a new version) or duplicate (already queued)");
        _rejected = meter.CreateCounter<long>("aimo.ingest.rejected", "{request}",
            "Ingest requests rejected whole (nothing enqueued), by reason: unsupported_media_type, too_large, invalid, queue_unavailable");
    }

    public void Accepted(int accepted, int duplicates)
    {
        _signatures.Add(accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        _signatures.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
