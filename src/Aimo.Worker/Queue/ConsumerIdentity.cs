namespace Aimo.Worker.Queue;

/// <summary>This process's consumer name in the group: unique per process, so replicas never share one.</summary>
public sealed class ConsumerIdentity
{
    public string Name { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public static string HeartbeatKey(string consumer) => $"aimo:worker:alive:{consumer}";
}

/// <summary>Entries the recovery loop claimed, waiting for the consumer loop (which gives them priority).</summary>
public sealed class ReclaimedEntries
{
    private readonly object _gate = new();
    private List<QueueEntry> _entries = [];

    public void Add(IEnumerable<QueueEntry> entries)
    {
        lock (_gate)
        {
            _entries.AddRange(entries);
        }
    }

    public List<QueueEntry> Drain()
    {
        lock (_gate)
        {
            var drained = _entries;
            _entries = [];
            return drained;
        }
    }
}
