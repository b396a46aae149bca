using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>What happened to one signature handed to <see cref="SignatureQueue.EnqueueAsync"/>.</summary>
/// <param name="Version">The version it was accepted as; 0 for a duplicate.</param>
public sealed record EnqueueOutcome(string Id, bool Enqueued, long Version = 0);

/// <summary>A signature version waiting in the queue: "queued" or "deferred".</summary>
public sealed record PendingState(string State, long Version);

/// <summary>A tier stream as the operator sees it: entries not yet finished, and when the oldest of them was enqueued.</summary>
public sealed record TierQueue(Tier Tier, long Length, DateTimeOffset? OldestAt);

/// <summary>
/// The ingest queue in Redis — the one owner of its layout (<see cref="QueueKeys"/>, <see cref="QueueFields"/>,
/// <see cref="QueueScripts"/>): enqueue with dedup and versions, pending state and backlog (this file); the worker's
/// consumer-group operations (<c>SignatureQueue.Consume.cs</c>) and entry ownership (<c>SignatureQueue.Ownership.cs</c>).
/// Enqueueing a whole request is one Lua script, so it is one round trip and atomic: either every accepted item is in
/// its stream with its dedup marker and pending state, or none is.
/// </summary>
public sealed partial class SignatureQueue(IConnectionMultiplexer redis)
{
    public const string OriginIngest = "ingest";
    public const string OriginRequeue = "requeue";

    /// <summary>How long a signature's pending state outlives its enqueue at least (a safety net; acks delete it).</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromDays(7);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Enqueues signatures to their tier streams in one atomic script, each as a new version. An item whose id was
    /// enqueued with the same content hash and tier within <paramref name="dedupWindow"/> is skipped, unless
    /// <paramref name="bypassDedup"/> (operator requeue). Each entry carries the current activity's W3C
    /// <c>traceparent</c> (the ingest request, or the operator's requeue), which the worker's batch span links to.
    /// With <paramref name="maxBacklog"/> (ingest), a request whose new entries would take the tier streams' total
    /// length past it is refused whole; duplicates add nothing, so a request of duplicates only always passes.
    /// </summary>
    /// <exception cref="RedisException">Redis failed; nothing was enqueued (or, on a timeout, possibly all).</exception>
    /// <exception cref="QueueFullException">The backlog is at <paramref name="maxBacklog"/>; nothing was enqueued.</exception>
    public async Task<IReadOnlyList<EnqueueOutcome>> EnqueueAsync(IReadOnlyList<Signature> signatures, TimeSpan dedupWindow,
        string origin = OriginIngest, bool bypassDedup = false, long maxBacklog = 0)
    {
        if (signatures.Count == 0)
        {
            return [];
        }
        var tiers = Enum.GetValues<Tier>();
        var keys = new RedisKey[1 + tiers.Length + signatures.Count * 3];
        var args = new RedisValue[6 + signatures.Count * 3];
        keys[0] = QueueKeys.VersionSequence;
        for (var t = 0; t < tiers.Length; t++)
        {
            keys[1 + t] = QueueKeys.Stream(tiers[t]);
        }
        args[0] = Math.Max(1, (long)dedupWindow.TotalSeconds);
        args[1] = origin;
        args[2] = bypassDedup ? "1" : "0";
        args[3] = (long)(dedupWindow > PendingLifetime ? dedupWindow : PendingLifetime).TotalSeconds;
        args[4] = Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } ? traceParent : "";
        args[5] = maxBacklog;
        var firstKey = 1 + tiers.Length;
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            keys[firstKey + 3 * i] = QueueKeys.Stream(signature.Tier);
            keys[firstKey + 1 + 3 * i] = QueueKeys.Dedup(signature.Id);
            keys[firstKey + 2 + 3 * i] = QueueKeys.PendingState(signature.Id);
            args[6 + 3 * i] = JsonSerializer.Serialize(signature, AimoJson.Options);
            args[7 + 3 * i] = SignatureId.ContentHash(signature);
            args[8 + 3 * i] = signature.Tier.ToString();
        }
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.Enqueue, keys, args))!;
        if (result.Length > 0 && (string?)result[0] == QueueScripts.Full)
        {
            throw new QueueFullException((long)result[1], maxBacklog);
        }
        return signatures.Select((s, i) => long.Parse((string)result[i]!, CultureInfo.InvariantCulture) is var version and > 0
            ? new EnqueueOutcome(s.Id, true, version)
            : new EnqueueOutcome(s.Id, false)).ToList();
    }

    /// <summary>
    /// Per tier: entries not finished yet (the worker XACKs and XDELs an entry after its commit) and when the oldest of
    /// them was enqueued — the one place queue depth and age are read, for the API, the admin UI and the worker's gauges.
    /// </summary>
    public async Task<IReadOnlyList<TierQueue>> BacklogAsync()
    {
        var tiers = Enum.GetValues<Tier>();
        var lengths = tiers.Select(t => Db.StreamLengthAsync(QueueKeys.Stream(t))).ToArray();
        var firsts = tiers.Select(t => Db.StreamRangeAsync(QueueKeys.Stream(t), "-", "+", count: 1)).ToArray();
        await Task.WhenAll([.. lengths, .. firsts]);
        return [.. tiers.Select((t, i) => new TierQueue(t, lengths[i].Result,
            firsts[i].Result is [var first, ..] ? QueueEntry.EnqueueTime(first.Id!) : null))];
    }

    /// <summary>The latest accepted version and its state ("queued" or "deferred") while it waits in the queue; null otherwise.</summary>
    public async Task<PendingState?> PendingStateAsync(string signatureId)
    {
        var values = await Db.HashGetAsync(QueueKeys.PendingState(signatureId), [QueueKeys.PendingVersionField, QueueKeys.PendingStateField]);
        return values[1].IsNull || values[0].IsNull ? null : new PendingState((string)values[1]!, (long)values[0]);
    }

    /// <summary>
    /// Workers whose heartbeat has not expired (one key each, <see cref="QueueKeys.HeartbeatPrefix"/>). The Batch API
    /// jobs' consumer has a heartbeat too (every worker keeps it alive, so its entries are never claimed), but it is no
    /// worker.
    /// </summary>
    public async Task<int> WorkersAliveAsync()
    {
        var jobs = QueueKeys.Heartbeat(QueueKeys.BatchJobsConsumer);
        var count = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: QueueKeys.HeartbeatPrefix + "*", pageSize: 100))
            {
                if (key != jobs) count++;
            }
        }
        return count;
    }

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
