using System.Globalization;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>What happened to one signature handed to <see cref="SignatureQueue.EnqueueAsync"/>.</summary>
public sealed record EnqueueOutcome(string Id, bool Enqueued);

/// <summary>
/// The ingest queue in Redis (layout in <see cref="RedisKeys"/>): enqueue with dedup, queue depths,
/// pending state. Enqueueing a whole request is one Lua script, so it is one round trip and atomic:
/// either every accepted item is in its stream with its dedup marker and pending state, or none is.
/// </summary>
public sealed class SignatureQueue(IConnectionMultiplexer redis, TimeProvider time)
{
    public const string OriginIngest = "ingest";
    public const string OriginRequeue = "requeue";

    // Per item i (1-based): KEYS[3i-2] stream, KEYS[3i-1] dedup, KEYS[3i] pending state;
    // ARGV[4+2i-1] signature JSON, ARGV[4+2i] content hash. A same-request duplicate sees the
    // marker its twin just set, so it is counted as a duplicate too.
    private const string EnqueueScript = """
        local ttl = tonumber(ARGV[1])
        local bypass = ARGV[4] == '1'
        local n = #KEYS / 3
        local result = {}
        for i = 1, n do
          local dedup = KEYS[3*i-1]
          local hash = ARGV[4 + 2*i]
          if (not bypass) and redis.call('GET', dedup) == hash then
            result[i] = 0
          else
            redis.call('XADD', KEYS[3*i-2], '*', 'sig', ARGV[4 + 2*i - 1], 'hash', hash, 'at', ARGV[2], 'origin', ARGV[3])
            redis.call('SET', dedup, hash, 'EX', ttl)
            redis.call('SET', KEYS[3*i], 'queued', 'EX', ttl)
            result[i] = 1
          end
        end
        return result
        """;

    /// <summary>
    /// Enqueues signatures to their tier streams in one atomic script. An item whose id was enqueued
    /// with the same content hash within <paramref name="dedupWindow"/> is skipped, unless
    /// <paramref name="bypassDedup"/> (operator requeue).
    /// </summary>
    /// <exception cref="RedisException">Redis failed; nothing was enqueued (or, on a timeout, possibly all).</exception>
    public async Task<IReadOnlyList<EnqueueOutcome>> EnqueueAsync(
        IReadOnlyList<Signature> signatures, TimeSpan dedupWindow, string origin = OriginIngest, bool bypassDedup = false)
    {
        if (signatures.Count == 0)
        {
            return [];
        }
        var keys = new RedisKey[signatures.Count * 3];
        var args = new RedisValue[4 + signatures.Count * 2];
        args[0] = Math.Max(1, (long)dedupWindow.TotalSeconds);
        args[1] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        args[2] = origin;
        args[3] = bypassDedup ? "1" : "0";
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            keys[3 * i] = RedisKeys.Stream(signature.Tier);
            keys[3 * i + 1] = RedisKeys.Dedup(signature.Id);
            keys[3 * i + 2] = RedisKeys.PendingState(signature.Id);
            args[4 + 2 * i] = JsonSerializer.Serialize(signature, AimoJson.Options);
            args[5 + 2 * i] = SignatureId.ContentHash(signature);
        }
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(EnqueueScript, keys, args))!;
        return signatures.Select((s, i) => new EnqueueOutcome(s.Id, (long)result[i] == 1)).ToList();
    }

    /// <summary>Entries in each tier stream not yet finished: the worker XACKs and XDELs an entry after its commit.</summary>
    public async Task<IReadOnlyDictionary<Tier, long>> DepthsAsync()
    {
        var db = redis.GetDatabase();
        var tiers = Enum.GetValues<Tier>();
        var lengths = await Task.WhenAll(tiers.Select(t => db.StreamLengthAsync(RedisKeys.Stream(t))));
        return tiers.Zip(lengths).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>"queued" or "deferred" while the signature waits in the queue; null otherwise.</summary>
    public async Task<string?> PendingStateAsync(string signatureId) =>
        await redis.GetDatabase().StringGetAsync(RedisKeys.PendingState(signatureId));

    /// <summary>Today's live budget counters in micro-USD, or null when Redis has no counters for the day.</summary>
    public async Task<(long SpentMicros, long ReservedMicros)?> BudgetCountersAsync(DateOnly day)
    {
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.BudgetDay(day),
            [RedisKeys.SpentMicrosField, RedisKeys.ReservedMicrosField]);
        if (values.All(v => v.IsNull))
        {
            return null;
        }
        return ((long?)values[0] ?? 0, (long?)values[1] ?? 0);
    }

    /// <summary>Announces a settings change so workers reload at once.</summary>
    public Task PublishSettingsChangedAsync() =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.SettingsChangedChannel), "budget");
}
