using System.Globalization;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>Identifies a stream entry: stream ids are unique per tier stream only.</summary>
public readonly record struct EntryKey(Tier Tier, string EntryId);

/// <summary>
/// One stream entry as the worker sees it. <see cref="Signature"/> is null when the entry cannot be read (poison).
/// <see cref="Version"/> orders the versions of one signature (see <see cref="QueueKeys.VersionSequence"/>).
/// <see cref="TraceParent"/> is the W3C traceparent of the request that enqueued it, or null.
/// </summary>
public sealed record QueueEntry(Tier Tier, string EntryId, Signature? Signature, string ContentHash, DateTimeOffset EnqueuedAt, string Origin, long Version,
    string? TraceParent = null)
{
    public EntryKey Key => new(Tier, EntryId);

    public string SignatureId => Signature?.Id ?? $"unreadable:{EntryId}";

    /// <summary>The field of <see cref="QueueKeys.EntryAttempts"/> that counts this entry's batch attempts.</summary>
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
        var version = long.TryParse((string?)entry[QueueFields.Version], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        if (version <= 0)
        {
            // Ingest gives every entry a version; one without is unreadable, like one without a signature.
            signature = null;
        }
        return new QueueEntry(tier, entry.Id!, signature, (string?)entry[QueueFields.ContentHash] ?? "", EnqueueTime(entry.Id!),
            (string?)entry[QueueFields.Origin] ?? SignatureQueue.OriginIngest, version,
            (string?)entry[QueueFields.TraceParent] is { Length: > 0 } tp ? tp : null);
    }

    /// <summary>When an entry was enqueued: its stream id starts with Redis's time in milliseconds.</summary>
    public static DateTimeOffset EnqueueTime(string entryId)
    {
        var dash = entryId.IndexOf('-', StringComparison.Ordinal);
        return long.TryParse(dash < 0 ? entryId : entryId[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MinValue;
    }
}
