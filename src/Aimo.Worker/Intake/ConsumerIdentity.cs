using Aimo.Data.Queue;

namespace Aimo.Worker.Intake;

/// <summary>This process's consumer name in the group: unique per process, so replicas never share one.</summary>
public sealed class ConsumerIdentity
{
    private readonly TaskCompletionSource _alive = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public string HeartbeatKey => QueueKeys.Heartbeat(Name);

    /// <summary>
    /// Completes once the first heartbeat is written. Nothing is read or reserved before: a reservation or entry of a
    /// consumer without a heartbeat counts as a dead worker's.
    /// </summary>
    public Task Alive => _alive.Task;

    internal void MarkAlive() => _alive.TrySetResult();
}
