namespace Aimo.Data.Ingest;

/// <summary>The ingest API's own Redis layout: its per-key request counts, shared by every ingest replica.</summary>
public static class IngestKeys
{
    /// <summary>
    /// Requests of one API key (its fingerprint, never the key) in the current window: an integer whose TTL is what is
    /// left of the window. Changed only by the ingest API's rate counter script.
    /// </summary>
    public static string RateLimit(string partition) => $"aimo:ingest:ratelimit:{partition}";
}
