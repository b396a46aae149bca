using System.Globalization;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// One stream entry as the worker sees it. <see cref="Signature"/> is null when the entry cannot be read (poison).
/// <see cref="Version"/> orders the versions of one signature (see <c>RedisKeys.VersionSequence</c>).
/// <see cref="TraceParent"/> is the W3C traceparent of the request that enqueued it, or null.
/// </summary>
public sealed record QueueEntry(Tier Tier, string EntryId, Signature? Signature, string ContentHash, DateTimeOffset EnqueuedAt, string Origin, long Version,
    string? TraceParent = null)
{
    public const string OriginRequeue = "requeue";

    public string SignatureId => Signature?.Id ?? $"unreadable:{EntryId}";

    /// <summary>The field of <c>RedisKeys.EntryAttempts</c> that counts this entry's batch attempts.</summary>
    public string AttemptsField => $"{Tier}:{EntryId}";

    public static QueueEntry From(Tier tier, StreamEntry entry)
    {
        Signature? signature = null;
        try
        {
            var json = (string?)entry[QueueFields.Signature];
            signature = json is null ? null : JsonSerializer.Deserialize<Signature>(json, AimoJson.Options);
        }
        catch (JsonException)
        {
        }
        var at = DateTimeOffset.TryParse((string?)entry[QueueFields.EnqueuedAt], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MinValue;
        var version = long.TryParse((string?)entry[QueueFields.Version], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : VersionFromEntryId(entry.Id!);
        return new QueueEntry(tier, entry.Id!, signature, (string?)entry[QueueFields.ContentHash] ?? "", at,
            (string?)entry[QueueFields.Origin] ?? "ingest", version, (string?)entry[QueueFields.TraceParent] is { Length: > 0 } tp ? tp : null);
    }

    /// <summary>
    /// Entries written before versions existed: the stream id's milliseconds in microseconds (plus the sequence), on
    /// the same scale as the versions ingest assigns, so old and new entries still order by enqueue time.
    /// </summary>
    public static long VersionFromEntryId(string entryId)
    {
        var dash = entryId.IndexOf('-', StringComparison.Ordinal);
        var ms = long.Parse(dash < 0 ? entryId : entryId[..dash], CultureInfo.InvariantCulture);
        var sequence = dash < 0 ? 0 : long.Parse(entryId[(dash + 1)..], CultureInfo.InvariantCulture);
        return (ms * 1000) + Math.Min(sequence, 999);
    }
}
