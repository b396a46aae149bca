namespace Aimo.Data.Queue;

/// <summary>
/// The tier streams hold <see cref="Backlog"/> entries and the request would take them past <see cref="Cap"/>;
/// nothing of it was enqueued.
/// </summary>
public sealed class QueueFullException(long backlog, long cap)
    : Exception($"The queue holds {backlog} entries; the request would take it past its cap of {cap}.")
{
    public long Backlog { get; } = backlog;

    public long Cap { get; } = cap;
}
