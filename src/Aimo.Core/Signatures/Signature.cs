namespace Aimo.Core.Signatures;

/// <summary>
/// A normalised URL pattern seen in proxy traffic, e.g. <c>GET drive.google.com/file/d/{id}/view</c>,
/// with a few sample requests. Samples are untrusted text: they are data for the model, never instructions.
/// </summary>
/// <param name="Id">Stable id; see <see cref="SignatureId.Derive"/> when the caller gives none.</param>
/// <param name="Tier">Ingest tier.</param>
/// <param name="Method">HTTP method, or null when unknown.</param>
/// <param name="Host">Host name, lower case.</param>
/// <param name="PathTemplate">Path pattern, starting with <c>/</c>.</param>
/// <param name="Samples">Sample requests (untrusted).</param>
/// <param name="Stats">Optional traffic statistics.</param>
public sealed record Signature(
    string Id,
    Tier Tier,
    string? Method,
    string Host,
    string PathTemplate,
    IReadOnlyList<string> Samples,
    SignatureStats? Stats = null);

/// <summary>Traffic statistics for a signature, as counted by the upstream proxy.</summary>
public sealed record SignatureStats(
    long? Requests = null,
    long? Users = null,
    long? BytesOut = null,
    DateTimeOffset? FirstSeen = null,
    DateTimeOffset? LastSeen = null);
