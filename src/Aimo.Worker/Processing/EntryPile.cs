using System.Collections.Concurrent;

namespace Aimo.Worker.Processing;

/// <summary>Entries this worker holds back for later (deferred by the budget, or held during an outage), oldest first.</summary>
public sealed class EntryPile
{
    private readonly ConcurrentDictionary<(Aimo.Core.Signatures.Tier, string), Queue.QueueEntry> _entries = new();

    public int Count => _entries.Count;

    public bool IsEmpty => _entries.IsEmpty;

    public void Add(IEnumerable<Queue.QueueEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries[(entry.Tier, entry.EntryId)] = entry;
        }
    }

    /// <summary>Removes and returns up to <paramref name="count"/> entries, by tier then stream id.</summary>
    public List<Queue.QueueEntry> Take(int count)
    {
        var taken = _entries.Values.OrderBy(e => e.Tier).ThenBy(e => e.EntryId, StringComparer.Ordinal).Take(count).ToList();
        foreach (var entry in taken)
        {
            _entries.TryRemove((entry.Tier, entry.EntryId), out _);
        }
        return taken;
    }
}
