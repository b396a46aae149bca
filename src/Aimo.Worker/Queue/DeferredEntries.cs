using System.Collections.Concurrent;

namespace Aimo.Worker.Queue;

/// <summary>
/// Tier C entries this worker read but the budget held back. They stay unacknowledged in the stream (so
/// nothing is lost if this worker dies) and are sent once the budget opens again.
/// </summary>
public sealed class DeferredEntries
{
    private readonly ConcurrentDictionary<string, QueueEntry> _entries = new();

    public int Count => _entries.Count;

    public bool IsEmpty => _entries.IsEmpty;

    public IReadOnlyCollection<string> EntryIds => [.. _entries.Keys];

    public void Add(QueueEntry entry) => _entries[entry.EntryId] = entry;

    /// <summary>Removes and returns up to <paramref name="count"/> entries, oldest stream id first.</summary>
    public List<QueueEntry> Take(int count)
    {
        var taken = _entries.Values.OrderBy(e => e.EntryId, StringComparer.Ordinal).Take(count).ToList();
        foreach (var entry in taken)
        {
            _entries.TryRemove(entry.EntryId, out _);
        }
        return taken;
    }
}
