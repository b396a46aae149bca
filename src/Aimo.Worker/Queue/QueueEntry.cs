using System.Globalization;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>One stream entry as the worker sees it. <see cref="Signature"/> is null when the entry cannot be read (poison).</summary>
public sealed record QueueEntry(Tier Tier, string EntryId, Signature? Signature, string ContentHash, DateTimeOffset EnqueuedAt, string Origin, long Deliveries)
{
    public string SignatureId => Signature?.Id ?? $"unreadable:{EntryId}";

    public static QueueEntry From(Tier tier, StreamEntry entry, long deliveries = 1)
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
        return new QueueEntry(tier, entry.Id!, signature, (string?)entry[QueueFields.ContentHash] ?? "", at,
            (string?)entry[QueueFields.Origin] ?? "ingest", deliveries);
    }
}
