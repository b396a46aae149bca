using System.Globalization;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// Stream I/O of the consumer group: read, acknowledge, mark deferred, count attempts, look up the latest accepted
/// versions. Knows nothing about batches or the budget.
/// </summary>
public sealed class WorkQueue(IConnectionMultiplexer redis, ConsumerIdentity identity)
{
    private IDatabase Db => redis.GetDatabase();

    public async Task EnsureGroupsAsync(CancellationToken cancellationToken)
    {
        foreach (var tier in Enum.GetValues<Tier>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await Db.StreamCreateConsumerGroupAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, "0", createStream: true);
            }
            catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>New entries of one tier for this consumer (XREADGROUP &gt;).</summary>
    public async Task<List<QueueEntry>> ReadAsync(Tier tier, int count)
    {
        if (count <= 0)
        {
            return [];
        }
        var entries = await Db.StreamReadGroupAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, identity.Name, ">", count);
        return [.. entries.Select(e => QueueEntry.From(tier, e))];
    }

    /// <summary>The entries with these ids (claimed by id); an id whose entry was already deleted is acknowledged away.</summary>
    public async Task<List<QueueEntry>> LoadAsync(Tier tier, IReadOnlyList<string> ids)
    {
        var stream = RedisKeys.Stream(tier);
        var found = new List<QueueEntry>();
        var gone = new List<RedisValue>();
        foreach (var id in ids)
        {
            var range = await Db.StreamRangeAsync(stream, id, id, 1);
            if (range.Length == 1 && range[0].Values is { Length: > 0 })
            {
                found.Add(QueueEntry.From(tier, range[0]));
            }
            else
            {
                gone.Add(id);
            }
        }
        if (gone.Count > 0)
        {
            await Db.StreamAcknowledgeAsync(stream, RedisKeys.ConsumerGroup, [.. gone]);
        }
        return found;
    }

    /// <summary>Acknowledges and deletes entries; see <see cref="QueueScripts.Acknowledge"/> for the pending-state rule.</summary>
    public async Task AcknowledgeAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        foreach (var tierGroup in entries.GroupBy(e => e.Tier))
        {
            var group = tierGroup.ToList();
            RedisKey[] keys = [RedisKeys.Stream(tierGroup.Key), RedisKeys.EntryAttempts, .. group.Select(e => (RedisKey)RedisKeys.PendingState(e.SignatureId))];
            RedisValue[] args = [RedisKeys.ConsumerGroup, tierGroup.Key.ToString(), .. group.SelectMany(e => new RedisValue[] { e.EntryId, Text(e.Version) })];
            await Db.ScriptEvaluateAsync(QueueScripts.Acknowledge, keys, args);
        }
    }

    /// <summary>Shows the entries as "deferred" in the status API, where each is still its signature's latest version.</summary>
    public async Task MarkDeferredAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        var readable = entries.Where(e => e.Signature is not null).ToList();
        if (readable.Count > 0)
        {
            await Db.ScriptEvaluateAsync(QueueScripts.MarkDeferred,
                [.. readable.Select(e => (RedisKey)RedisKeys.PendingState(e.SignatureId))], [.. readable.Select(e => (RedisValue)Text(e.Version))]);
        }
    }

    /// <summary>How many batches carrying each entry were started without finishing.</summary>
    public async Task<Dictionary<string, long>> AttemptsAsync(IReadOnlyList<QueueEntry> entries)
    {
        if (entries.Count == 0)
        {
            return [];
        }
        var values = await Db.HashGetAsync(RedisKeys.EntryAttempts, [.. entries.Select(e => (RedisValue)e.AttemptsField)]);
        return entries.Select((e, i) => (e.EntryId, Count: (long?)values[i] ?? 0)).ToDictionary(p => p.EntryId, p => p.Count);
    }

    /// <summary>
    /// Counts a started batch for each entry (+1), or takes it back (-1) when the batch ended without using the
    /// entry (deferred by the budget, held during an LLM outage): only crashes and failures make an entry poison.
    /// </summary>
    public async Task AddAttemptsAsync(IEnumerable<QueueEntry> entries, int delta)
    {
        var batch = Db.CreateBatch();
        var tasks = entries.Select(e => batch.HashIncrementAsync(RedisKeys.EntryAttempts, e.AttemptsField, delta)).ToList();
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    /// <summary>The latest accepted version of each signature that still waits in the queue (absent: none waits).</summary>
    public async Task<Dictionary<string, long>> LatestVersionsAsync(IReadOnlyCollection<string> signatureIds)
    {
        var batch = Db.CreateBatch();
        var reads = signatureIds.Select(id => (Id: id, Task: batch.ScriptEvaluateAsync(LatestVersion, [RedisKeys.PendingState(id)]))).ToList();
        batch.Execute();
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (id, task) in reads)
        {
            if (long.TryParse((string?)await task, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            {
                latest[id] = version;
            }
        }
        return latest;
    }

    /// <summary>
    /// Per tier: entries not finished yet (finished ones are deleted) and when the oldest of them was enqueued (its
    /// stream id's time), for the queue gauges.
    /// </summary>
    public async Task<IReadOnlyList<TierBacklog>> BacklogAsync()
    {
        var backlog = new List<TierBacklog>();
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var depth = await Db.StreamLengthAsync(RedisKeys.Stream(tier));
            var oldest = depth > 0 ? await Db.StreamRangeAsync(RedisKeys.Stream(tier), "-", "+", 1) : [];
            backlog.Add(new TierBacklog(tier, depth, oldest.Length == 1 ? EnqueuedAt(oldest[0].Id!) : null));
        }
        return backlog;
    }

    private static DateTimeOffset EnqueuedAt(string entryId) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(entryId.AsSpan(0, entryId.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture));

    // Pending states written before versions existed are strings: no version to compare.
    private static readonly string LatestVersion = $"if redis.call('TYPE', KEYS[1])['ok'] == 'hash' then return redis.call('HGET', KEYS[1], '{RedisKeys.PendingVersionField}') end return false";

    public static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
