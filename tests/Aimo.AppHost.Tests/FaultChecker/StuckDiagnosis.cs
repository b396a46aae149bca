using System.Globalization;
using Aimo.Data.Queue;
using Aimo.Data.Budget;
using Aimo.Data.Llm;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Where ids that did not finish are stuck, read from Redis before the stack goes away: their stream entries, who holds
/// each (the consumer group's pending list: consumer, idle time, deliveries), the consumers and their heartbeats, the
/// pending state and the LLM health the workers share. Evidence for a report, not a check.
/// </summary>
public static class StuckDiagnosis
{
    public static async Task<List<string>> DescribeAsync(IDatabase redis, IReadOnlyCollection<string> stuck)
    {
        var lines = new List<string>();
        if (stuck.Count == 0)
        {
            return lines;
        }
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var stream = QueueKeys.Stream(tier);
            var entries = (await redis.StreamRangeAsync(stream))
                .Select(e => (Entry: e, Id: stuck.FirstOrDefault(id => ((string?)e[QueueFields.Signature] ?? "").Contains($"\"{id}\"", StringComparison.Ordinal))))
                .Where(e => e.Id is not null).ToList();
            foreach (var (entry, id) in entries)
            {
                var pending = await redis.StreamPendingMessagesAsync(stream, QueueKeys.ConsumerGroup, 1, RedisValue.Null, entry.Id, entry.Id);
                var holder = pending.Length == 0 ? "not delivered to anyone (not in the pending list)"
                    : $"held by {pending[0].ConsumerName}, idle {pending[0].IdleTimeInMilliseconds} ms, delivered {pending[0].DeliveryCount}×";
                lines.Add($"{id}: entry {tier}:{entry.Id} v{entry[QueueFields.Version]} {holder}");
            }
            var group = (await redis.StreamGroupInfoAsync(stream)).FirstOrDefault(g => g.Name == QueueKeys.ConsumerGroup);
            var consumers = await redis.StreamConsumerInfoAsync(stream, QueueKeys.ConsumerGroup);
            lines.Add($"stream {tier}: {await redis.StreamLengthAsync(stream)} entries, group last delivered {group.LastDeliveredId}, pending {group.PendingMessageCount}; " +
                $"consumers: {string.Join(", ", consumers.Select(c => $"{c.Name} (pending {c.PendingMessageCount}, idle {c.IdleTimeInMilliseconds} ms)"))}");
        }
        foreach (var id in stuck.Where(id => lines.All(l => !l.StartsWith(id + ":", StringComparison.Ordinal))))
        {
            lines.Add($"{id}: no stream entry in any tier; pending state {await PendingAsync(redis, id)}");
        }
        var heartbeats = new List<string>();
        foreach (var server in redis.Multiplexer.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: QueueKeys.HeartbeatPrefix + "*"))
            {
                heartbeats.Add(((string)key!)[QueueKeys.HeartbeatPrefix.Length..]);
            }
        }
        lines.Add($"alive (heartbeat): {string.Join(", ", heartbeats)}");
        lines.Add($"llm health: {string.Join(", ", (await redis.HashGetAllAsync(LlmHealthHash.Key)).Select(e => $"{e.Name}={e.Value}"))}");
        return lines;
    }

    /// <summary>For ids that ended at the wrong version: their row, their results and review items (PostgreSQL) and pending state (Redis).</summary>
    public static async Task<List<string>> DescribeVersionsAsync(Npgsql.NpgsqlDataSource db, IDatabase redis, IReadOnlyCollection<string> ids)
    {
        var lines = new List<string>();
        foreach (var id in ids.Take(10))
        {
            var row = await db.RowsAsync("SELECT version, status, last_batch_id::text, updated_at FROM signatures WHERE id = $1", id);
            var results = await db.RowsAsync(
                "SELECT signature_version, source, batch_id::text, created_at FROM classifications WHERE signature_id = $1 ORDER BY created_at", id);
            var reviews = await db.RowsAsync("SELECT reason, batch_id::text, created_at FROM review_items WHERE signature_id = $1 ORDER BY created_at", id);
            lines.Add($"{id}: row {string.Join(" ", row.SelectMany(r => r).Select(Text))}; results [{string.Join("; ", results.Select(r => string.Join(" ", r.Select(Text))))}]; " +
                $"reviews [{string.Join("; ", reviews.Select(r => string.Join(" ", r.Select(Text))))}]; pending state {await PendingAsync(redis, id)}");
        }
        return lines;
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        DateTime t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static async Task<string> PendingAsync(IDatabase redis, string id) =>
        await redis.KeyTypeAsync(QueueKeys.PendingState(id)) == RedisType.Hash
            ? string.Join(", ", (await redis.HashGetAllAsync(QueueKeys.PendingState(id))).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name}={e.Value}")))
            : "none";
}
