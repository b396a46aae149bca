using Aimo.Data.Queue;

namespace Aimo.Worker.Intake;

/// <summary>
/// Entries taken out of <see cref="Holdings"/> for work. Each leaves it in one of four ways: finished (acknowledged),
/// deferred, held for a pause, or split off into another checkout; whatever is still checked out when it is disposed
/// — an exception, a path nobody thought of — goes back to wait <see cref="FailurePause"/> and is taken again. So no
/// failure can strand an entry this worker holds.
/// </summary>
public sealed class Checkout : IDisposable
{
    /// <summary>How long entries a failed step gave back wait before they are taken again (no hot loop on a repeated failure).</summary>
    public static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);

    private readonly Holdings _holdings;
    private readonly List<QueueEntry> _entries = [];
    private readonly Lock _gate = new();

    internal Checkout(Holdings holdings) => _holdings = holdings;

    /// <summary>The entries still checked out here.</summary>
    public IReadOnlyList<QueueEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public int Count => Entries.Count;

    internal void Track(QueueEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    /// <summary>Adds the entries of another checkout (a second read of the same tier) to this one.</summary>
    public void Absorb(Checkout other)
    {
        foreach (var entry in other.Detach(other.Entries))
        {
            Track(entry);
        }
    }

    /// <summary>Moves <paramref name="entries"/> into a checkout of their own (one planned batch).</summary>
    public Checkout Split(IEnumerable<QueueEntry> entries)
    {
        var split = new Checkout(_holdings);
        foreach (var entry in Detach(entries))
        {
            split.Track(entry);
        }
        return split;
    }

    /// <summary>Finished and acknowledged: no longer held.</summary>
    public void Complete(IEnumerable<QueueEntry> entries)
    {
        foreach (var entry in Detach(entries))
        {
            _holdings.Release(entry);
        }
    }

    /// <summary>Handed to a Batch API job, which owns them now: no longer held by this worker.</summary>
    public void HandOver(IEnumerable<QueueEntry> entries) => Complete(entries);

    /// <summary>Tier C the budget held back: taken again when the budget allows.</summary>
    public void Defer(IEnumerable<QueueEntry> entries) => Return(entries, HoldState.Deferred, DateTimeOffset.MinValue);

    /// <summary>Held for a pause (an outage): taken again from <paramref name="until"/>, before anything new is read.</summary>
    public void Hold(IEnumerable<QueueEntry> entries, DateTimeOffset until) => Return(entries, HoldState.Waiting, until);

    public void Dispose() => Hold(Entries, _holdings.Now + FailurePause);

    private void Return(IEnumerable<QueueEntry> entries, HoldState state, DateTimeOffset until)
    {
        foreach (var entry in Detach(entries))
        {
            _holdings.Return(entry, state, until);
        }
    }

    private List<QueueEntry> Detach(IEnumerable<QueueEntry> entries)
    {
        var keys = entries.Select(e => e.Key).ToHashSet();
        lock (_gate)
        {
            var detached = _entries.Where(e => keys.Contains(e.Key)).ToList();
            _entries.RemoveAll(e => keys.Contains(e.Key));
            return detached;
        }
    }
}
