using System.Globalization;
using Aimo.Core.Queue;
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
            var stream = RedisKeys.Stream(tier);
            var entries = (await redis.StreamRangeAsync(stream))
                .Select(e => (Entry: e, Id: stuck.FirstOrDefault(id => ((string?)e[QueueFields.Signature] ?? "").Contains($"\"{id}\"", StringComparison.Ordinal))))
                .Where(e => e.Id is not null).ToList();
            foreach (var (entry, id) in entries)
            {
                var pending = await redis.StreamPendingMessagesAsync(stream, RedisKeys.ConsumerGroup, 1, RedisValue.Null, entry.Id, entry.Id);
                var holder = pending.Length == 0 ? "not delivered to anyone (not in the pending list)"
                    : $"held by {pending[0].ConsumerName}, idle {pending[0].IdleTimeInMilliseconds} ms, delivered {pending[0].DeliveryCount}×";
                lines.Add($"{id}: entry {tier}:{entry.Id} v{entry[QueueFields.Version]} {holder}");
            }
            var group = (await redis.StreamGroupInfoAsync(stream)).FirstOrDefault(g => g.Name == RedisKeys.ConsumerGroup);
            var consumers = await redis.StreamConsumerInfoAsync(stream, RedisKeys.ConsumerGroup);
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
            await foreach (var key in server.KeysAsync(pattern: RedisKeys.HeartbeatPrefix + "*"))
            {
                heartbeats.Add(((string)key!)[RedisKeys.HeartbeatPrefix.Length..]);
            }
        }
        lines.Add($"alive (heartbeat): {string.Join(", ", heartbeats)}");
        lines.Add($"llm health: {string.Join(", ", (await redis.HashGetAllAsync(RedisKeys.LlmHealth)).Select(e => $"{e.Name}={e.Value}"))}");
        return lines;
    }

    private static async Task<string> PendingAsync(IDatabase redis, string id) =>
        await redis.KeyTypeAsync(RedisKeys.PendingState(id)) == RedisType.Hash
            ? string.Join(", ", (await redis.HashGetAllAsync(RedisKeys.PendingState(id))).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name}={e.Value}")))
            : "none";
}
