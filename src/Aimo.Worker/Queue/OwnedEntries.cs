using System.Collections.Concurrent;
using Aimo.Core.Signatures;

namespace Aimo.Worker.Queue;

/// <summary>
/// Every pending entry this consumer holds — in a batch, deferred by the budget, or held during an outage — so the
/// recovery loop keeps each one fresh, and a batch learns at once when another worker took one of its entries.
/// </summary>
public sealed class OwnedEntries
{
    private readonly ConcurrentDictionary<(Tier Tier, string EntryId), CancellationTokenSource> _owned = new();

    public int Count => _owned.Count;

    public void Add(IEnumerable<QueueEntry> entries)
    {
        foreach (var entry in entries)
        {
            _owned.TryAdd((entry.Tier, entry.EntryId), new CancellationTokenSource());
        }
    }

    /// <summary>Forgets entries once they are acknowledged.</summary>
    public void Remove(IEnumerable<QueueEntry> entries)
    {
        foreach (var entry in entries)
        {
            // Not disposed: a batch may be linking to its token right now; the GC takes it.
            _owned.TryRemove((entry.Tier, entry.EntryId), out _);
        }
    }

    public IReadOnlyCollection<string> EntryIds(Tier tier) => [.. _owned.Keys.Where(k => k.Tier == tier).Select(k => k.EntryId)];

    /// <summary>Another consumer owns these now: cancel whatever this worker does with them, and forget them.</summary>
    public void Lost(Tier tier, IEnumerable<string> entryIds)
    {
        foreach (var id in entryIds)
        {
            if (_owned.TryRemove((tier, id), out var cts))
            {
                cts.Cancel();
            }
        }
    }

    public bool Owns(QueueEntry entry) => _owned.ContainsKey((entry.Tier, entry.EntryId));

    /// <summary>A token cancelled when any of <paramref name="entries"/> is lost to another consumer (or on <paramref name="stopping"/>).</summary>
    public CancellationTokenSource Watch(IEnumerable<QueueEntry> entries, CancellationToken stopping)
    {
        var tokens = entries.Select(e => _owned.TryGetValue((e.Tier, e.EntryId), out var cts) ? cts.Token : new CancellationToken(canceled: true))
            .Append(stopping).ToArray();
        return CancellationTokenSource.CreateLinkedTokenSource(tokens);
    }
}
