using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>What happened to one signature handed to <see cref="SignatureQueue.EnqueueAsync"/>.</summary>
/// <param name="Version">The version it was accepted as; 0 for a duplicate.</param>
public sealed record EnqueueOutcome(string Id, bool Enqueued, long Version = 0);

/// <summary>A signature version waiting in the queue: "queued" or "deferred".</summary>
public sealed record PendingState(string State, long Version);

/// <summary>
/// The ingest queue in Redis (layout in <see cref="RedisKeys"/>): enqueue with dedup, queue depths,
/// pending state. Enqueueing a whole request is one Lua script, so it is one round trip and atomic:
/// either every accepted item is in its stream with its dedup marker and pending state, or none is.
/// </summary>
public sealed class SignatureQueue(IConnectionMultiplexer redis, TimeProvider time)
{
    public const string OriginIngest = "ingest";
    public const string OriginRequeue = "requeue";

    /// <summary>How long a signature's pending state outlives its enqueue at least (a safety net; acks delete it).</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromDays(7);

    // KEYS[1] the version sequence; per item i (1-based): KEYS[3i-1] stream, KEYS[3i] dedup, KEYS[3i+1] pending state.
    // ARGV[1] dedup ttl, [2] enqueued at, [3] origin, [4] bypass dedup, [5] pending ttl, [6] traceparent; per item
    // ARGV[6+3i-2] signature JSON, [6+3i-1] content hash, [6+3i] tier. Versions go through string.format: Lua would print 16 digits as 1.7e+15.
    // A same-request duplicate sees the marker its twin just set, so it is counted as a duplicate too.
    private static readonly string EnqueueScript = $$"""
        local ttl = tonumber(ARGV[1])
        local bypass = ARGV[4] == '1'
        local n = (#KEYS - 1) / 3
        local result = {}
        local function next_version()
          local t = redis.call('TIME')
          local v = tonumber(t[1]) * 1000000 + tonumber(t[2])
          local last = tonumber(redis.call('GET', KEYS[1]) or '0')
          if v <= last then v = last + 1 end
          local text = string.format('%.0f', v)
          redis.call('SET', KEYS[1], text)
          return text
        end
        for i = 1, n do
          local marker = ARGV[6 + 3*i - 1] .. '|' .. ARGV[6 + 3*i]
          if (not bypass) and redis.call('GET', KEYS[3*i]) == marker then
            result[i] = '0'
          else
            local version = next_version()
            redis.call('XADD', KEYS[3*i - 1], '*', '{{QueueFields.Signature}}', ARGV[6 + 3*i - 2], '{{QueueFields.ContentHash}}', ARGV[6 + 3*i - 1],
              '{{QueueFields.EnqueuedAt}}', ARGV[2], '{{QueueFields.Origin}}', ARGV[3], '{{QueueFields.Version}}', version, '{{QueueFields.TraceParent}}', ARGV[6])
            redis.call('SET', KEYS[3*i], marker, 'EX', ttl)
            if redis.call('TYPE', KEYS[3*i + 1])['ok'] == 'string' then redis.call('DEL', KEYS[3*i + 1]) end -- written before versions existed
            redis.call('HSET', KEYS[3*i + 1], '{{RedisKeys.PendingVersionField}}', version, '{{RedisKeys.PendingStateField}}', 'queued')
            redis.call('EXPIRE', KEYS[3*i + 1], ARGV[5])
            result[i] = version
          end
        end
        return result
        """;

    /// <summary>
    /// Enqueues signatures to their tier streams in one atomic script, each as a new version. An item whose id was
    /// enqueued with the same content hash and tier within <paramref name="dedupWindow"/> is skipped, unless
    /// <paramref name="bypassDedup"/> (operator requeue). Each entry carries the current activity's W3C
    /// <c>traceparent</c> (the ingest request, or the operator's requeue), which the worker's batch span links to.
    /// </summary>
    /// <exception cref="RedisException">Redis failed; nothing was enqueued (or, on a timeout, possibly all).</exception>
    public async Task<IReadOnlyList<EnqueueOutcome>> EnqueueAsync(
        IReadOnlyList<Signature> signatures, TimeSpan dedupWindow, string origin = OriginIngest, bool bypassDedup = false)
    {
        if (signatures.Count == 0)
        {
            return [];
        }
        var keys = new RedisKey[1 + signatures.Count * 3];
        var args = new RedisValue[6 + signatures.Count * 3];
        keys[0] = RedisKeys.VersionSequence;
        args[0] = Math.Max(1, (long)dedupWindow.TotalSeconds);
        args[1] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        args[2] = origin;
        args[3] = bypassDedup ? "1" : "0";
        args[4] = (long)(dedupWindow > PendingLifetime ? dedupWindow : PendingLifetime).TotalSeconds;
        args[5] = Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } ? traceParent : "";
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            keys[1 + 3 * i] = RedisKeys.Stream(signature.Tier);
            keys[2 + 3 * i] = RedisKeys.Dedup(signature.Id);
            keys[3 + 3 * i] = RedisKeys.PendingState(signature.Id);
            args[6 + 3 * i] = JsonSerializer.Serialize(signature, AimoJson.Options);
            args[7 + 3 * i] = SignatureId.ContentHash(signature);
            args[8 + 3 * i] = signature.Tier.ToString();
        }
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(EnqueueScript, keys, args))!;
        return signatures.Select((s, i) => long.Parse((string)result[i]!, CultureInfo.InvariantCulture) is var version and > 0
            ? new EnqueueOutcome(s.Id, true, version)
            : new EnqueueOutcome(s.Id, false)).ToList();
    }

    /// <summary>Entries in each tier stream not yet finished: the worker XACKs and XDELs an entry after its commit.</summary>
    public async Task<IReadOnlyDictionary<Tier, long>> DepthsAsync()
    {
        var db = redis.GetDatabase();
        var tiers = Enum.GetValues<Tier>();
        var lengths = await Task.WhenAll(tiers.Select(t => db.StreamLengthAsync(RedisKeys.Stream(t))));
        return tiers.Zip(lengths).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>The latest accepted version and its state ("queued" or "deferred") while it waits in the queue; null otherwise.</summary>
    public async Task<PendingState?> PendingStateAsync(string signatureId)
    {
        var db = redis.GetDatabase();
        if (await db.KeyTypeAsync(RedisKeys.PendingState(signatureId)) == RedisType.String)
        {
            // Written before versions existed: a state without a version.
            return await db.StringGetAsync(RedisKeys.PendingState(signatureId)) is { IsNull: false } legacy ? new PendingState((string)legacy!, 0) : null;
        }
        var values = await db.HashGetAsync(RedisKeys.PendingState(signatureId),
            [RedisKeys.PendingVersionField, RedisKeys.PendingStateField]);
        return values[1].IsNull ? null : new PendingState((string)values[1]!, (long?)values[0] ?? 0);
    }

    /// <summary>Announces a settings change so workers reload at once.</summary>
    public Task PublishSettingsChangedAsync() =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.SettingsChangedChannel), "budget");
}
