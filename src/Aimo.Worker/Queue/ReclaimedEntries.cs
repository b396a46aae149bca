using System.Collections.Concurrent;

namespace Aimo.Worker.Queue;

/// <summary>Entries the recovery loop claimed from dead consumers, waiting for the consumer loop (which takes them first).</summary>
public sealed class ReclaimedEntries
{
    private readonly ConcurrentQueue<QueueEntry> _entries = new();

    public void Add(IEnumerable<QueueEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries.Enqueue(entry);
        }
    }

    public List<QueueEntry> Drain(int max)
    {
        var drained = new List<QueueEntry>();
        while (drained.Count < max && _entries.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }
        return drained;
    }
}
