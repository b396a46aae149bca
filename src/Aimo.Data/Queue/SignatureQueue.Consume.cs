using System.Globalization;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Data.Queue;

/// <summary>The worker's consumer-group operations: read, acknowledge, mark deferred, count attempts, latest versions.</summary>
public sealed partial class SignatureQueue : IWorkQueue
{
    public async Task EnsureGroupsAsync(CancellationToken cancellationToken)
    {
        foreach (var tier in Enum.GetValues<Tier>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await Db.StreamCreateConsumerGroupAsync(QueueKeys.Stream(tier), QueueKeys.ConsumerGroup, "0", createStream: true);
            }
            catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
            }
        }
    }

    public async Task<List<QueueEntry>> ReadAsync(string consumer, Tier tier, int count)
    {
        if (count <= 0)
        {
            return [];
        }
        var entries = await Db.StreamReadGroupAsync(QueueKeys.Stream(tier), QueueKeys.ConsumerGroup, consumer, ">", count);
        return [.. entries.Select(e => QueueEntry.From(tier, e))];
    }

    /// <summary>The entries with these ids (claimed by id); an id whose entry was already deleted is acknowledged away.</summary>
    public async Task<List<QueueEntry>> LoadAsync(Tier tier, IReadOnlyList<string> ids)
    {
        var stream = QueueKeys.Stream(tier);
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
            await Db.StreamAcknowledgeAsync(stream, QueueKeys.ConsumerGroup, [.. gone]);
        }
        return found;
    }

    public async Task AcknowledgeAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        foreach (var tierGroup in entries.GroupBy(e => e.Tier))
        {
            var group = tierGroup.ToList();
            RedisKey[] keys = [QueueKeys.Stream(tierGroup.Key), QueueKeys.EntryAttempts, .. group.Select(e => (RedisKey)QueueKeys.PendingState(e.SignatureId))];
            RedisValue[] args = [QueueKeys.ConsumerGroup, tierGroup.Key.ToString(), .. group.SelectMany(e => new RedisValue[] { e.EntryId, Text(e.Version) })];
            await Db.ScriptEvaluateAsync(QueueScripts.Acknowledge, keys, args);
        }
    }

    public async Task MarkDeferredAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        var readable = entries.Where(e => e.Signature is not null).ToList();
        if (readable.Count > 0)
        {
            await Db.ScriptEvaluateAsync(QueueScripts.MarkDeferred,
                [.. readable.Select(e => (RedisKey)QueueKeys.PendingState(e.SignatureId))], [.. readable.Select(e => (RedisValue)Text(e.Version))]);
        }
    }

    public async Task<Dictionary<EntryKey, long>> AttemptsAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        if (entries.Count == 0)
        {
            return [];
        }
        var values = await Db.HashGetAsync(QueueKeys.EntryAttempts, [.. entries.Select(e => (RedisValue)e.AttemptsField)]);
        return entries.Select((e, i) => (e.Key, Count: (long?)values[i] ?? 0)).ToDictionary(p => p.Key, p => p.Count);
    }

    public async Task AddAttemptsAsync(IReadOnlyCollection<QueueEntry> entries, int delta)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var batch = Db.CreateBatch();
        var tasks = entries.Select(e => batch.HashIncrementAsync(QueueKeys.EntryAttempts, e.AttemptsField, delta)).ToList();
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    public async Task<Dictionary<string, long>> LatestVersionsAsync(IReadOnlyCollection<string> signatureIds)
    {
        var batch = Db.CreateBatch();
        var reads = signatureIds.Select(id => (Id: id, Task: batch.ScriptEvaluateAsync(QueueScripts.LatestVersion, [QueueKeys.PendingState(id)]))).ToList();
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
}
