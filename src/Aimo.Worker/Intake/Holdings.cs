using Aimo.Core.Signatures;
using Aimo.Data.Queue;

namespace Aimo.Worker.Intake;

/// <summary>
/// Every stream entry this consumer holds, and why — the worker's one in-memory record of its work. An entry is
/// <see cref="HoldState.Ready"/> (read or claimed, to be taken next), <see cref="HoldState.Working"/> (checked out
/// by a <see cref="Checkout"/>: in triage or in a batch), <see cref="HoldState.Waiting"/> (an outage or a failure:
/// tried again after a pause) or <see cref="HoldState.Deferred"/> (tier C held back by the budget). The recovery loop
/// keeps every held entry fresh in Redis and adopts what Redis says this consumer holds but this record does not, so
/// an entry is either here, in a state that some loop takes, or back to work within a few keep-alive periods.
/// </summary>
public sealed class Holdings(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<EntryKey, Held> _held = [];

    private sealed class Held(QueueEntry entry)
    {
        public QueueEntry Entry { get; set; } = entry;
        public HoldState State { get; set; }
        public DateTimeOffset Until { get; set; }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public int CountIn(HoldState state)
    {
        lock (_gate)
        {
            return _held.Values.Count(h => h.State == state);
        }
    }

    /// <summary>Entries read or claimed, for the loop to take next. One already held keeps its state.</summary>
    public void AddReady(IEnumerable<QueueEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _held.TryAdd(entry.Key, new Held(entry) { State = HoldState.Ready });
            }
        }
    }

    /// <summary>Entries just read by the loop itself: checked out at once, so no failure between read and work can drop them.</summary>
    public Checkout CheckIn(IEnumerable<QueueEntry> entries)
    {
        var checkout = new Checkout(this);
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (_held.TryAdd(entry.Key, new Held(entry) { State = HoldState.Working }))
                {
                    checkout.Track(entry);
                }
            }
        }
        return checkout;
    }

    /// <summary>Checks out up to <paramref name="max"/> entries in <paramref name="state"/>, by tier then stream id.</summary>
    /// <param name="dueOnly">For <see cref="HoldState.Waiting"/>: only those whose pause is over.</param>
    public Checkout Take(HoldState state, int max, bool dueOnly = false)
    {
        var checkout = new Checkout(this);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var held in _held.Values.Where(h => h.State == state && (!dueOnly || h.Until <= now))
                .OrderBy(h => h.Entry.Tier).ThenBy(h => h.Entry.EntryId, StringComparer.Ordinal).Take(max).ToList())
            {
                held.State = HoldState.Working;
                checkout.Track(held.Entry);
            }
        }
        return checkout;
    }

    /// <summary>Whether entries wait for a pause to end, and whether any of them is due.</summary>
    public (bool Any, bool Due) Waiting()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var waiting = _held.Values.Where(h => h.State == HoldState.Waiting).ToList();
            return (waiting.Count > 0, waiting.Any(h => h.Until <= now));
        }
    }

    /// <summary>The entry ids held in a tier, whatever their state: what the keep-alive refreshes.</summary>
    public IReadOnlySet<string> EntryIds(Tier tier)
    {
        lock (_gate)
        {
            return _held.Keys.Where(k => k.Tier == tier).Select(k => k.EntryId).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Another consumer owns these now: forget them. Work already under way goes on; the commit's version rule makes
    /// whichever of the two commits second a no-op for results.
    /// </summary>
    public void Lost(Tier tier, IEnumerable<string> entryIds)
    {
        lock (_gate)
        {
            foreach (var id in entryIds)
            {
                _held.Remove(new EntryKey(tier, id));
            }
        }
    }

    internal void Release(QueueEntry entry)
    {
        lock (_gate)
        {
            _held.Remove(entry.Key);
        }
    }

    internal void Return(QueueEntry entry, HoldState state, DateTimeOffset until)
    {
        lock (_gate)
        {
            // An entry lost meanwhile stays forgotten: it is another consumer's now.
            if (_held.TryGetValue(entry.Key, out var held))
            {
                held.State = state;
                held.Until = until;
            }
        }
    }

    internal DateTimeOffset Now => time.GetUtcNow();
}

public enum HoldState
{
    Ready,
    Working,
    Waiting,
    Deferred,
}
