namespace Aimo.Worker.Intake;

/// <summary>
/// Which consumers are dead, not just unheard of for a moment. A consumer without a heartbeat is a suspect first; it
/// is confirmed dead only if it is still without one a while later. A live worker cut off from Redis (a blip longer
/// than the heartbeat) writes its heartbeat again on its first pass after Redis returns — well within that while —
/// so it keeps its entries instead of losing them to a survivor.
/// </summary>
public sealed class DeadConsumers(TimeProvider time, TimeSpan confirmAfter)
{
    private readonly Dictionary<string, DateTimeOffset> _suspects = new(StringComparer.Ordinal);

    /// <summary>Given the consumers seen without a heartbeat now, returns those that have been so for at least the confirmation time.</summary>
    public IReadOnlyList<string> Confirm(IReadOnlyCollection<string> withoutHeartbeat)
    {
        var now = time.GetUtcNow();
        foreach (var gone in _suspects.Keys.Except(withoutHeartbeat).ToList())
        {
            _suspects.Remove(gone);
        }
        foreach (var name in withoutHeartbeat)
        {
            _suspects.TryAdd(name, now);
        }
        return [.. _suspects.Where(s => now - s.Value >= confirmAfter).Select(s => s.Key)];
    }
}
