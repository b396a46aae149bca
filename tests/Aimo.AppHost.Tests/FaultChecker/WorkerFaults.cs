using System.Collections.Concurrent;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Worker replicas killed and started again through the AppHost's commands on their instance ids, or frozen
/// (SIGSTOP of the whole process tree) and thawed. Keeps the frozen trees so a heal can thaw whatever is left.
/// </summary>
public sealed class WorkerFaults(AimoStack stack, IReadOnlyList<string> instances)
{
    public static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, IReadOnlyList<int>> _frozen = new();

    public IReadOnlyList<string> Instances => instances;

    public ConcurrentQueue<PauseWindow> Pauses { get; } = new();

    public async Task<IReadOnlyList<string>> KillAsync(FaultStep fault, CancellationToken cancellationToken)
    {
        var instance = instances[fault.Target % instances.Count];
        using (var kill = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await stack.KillAsync(instance, kill.Token);
        }
        await Task.Delay(fault.Duration, cancellationToken);
        return await stack.StartUntilHealthyAsync(instance, RestartTimeout);
    }

    /// <summary>Frozen for <c>Duration</c>; returns false when the replica had no process (not running at that moment).</summary>
    public async Task<bool> PauseAsync(FaultStep fault)
    {
        var instance = instances[fault.Target % instances.Count];
        if (stack.PidOf(instance) is not { } pid)
        {
            return false;
        }
        var from = DateTimeOffset.UtcNow;
        _frozen[instance] = await ProcessTree.StopAsync(pid);
        var frozen = DateTimeOffset.UtcNow;
        try
        {
            await Task.Delay(fault.Duration);
        }
        finally
        {
            await ThawAsync(instance);
            Pauses.Enqueue(new PauseWindow(from, frozen, DateTimeOffset.UtcNow));
        }
        return true;
    }

    /// <summary>Thaws every frozen replica and starts every stopped one; returns what it had to do.</summary>
    public async Task<List<string>> HealAsync()
    {
        var done = new List<string>();
        foreach (var instance in _frozen.Keys)
        {
            await ThawAsync(instance);
            done.Add($"thawed {instance}");
        }
        foreach (var instance in instances.Where(stack.IsStopped))
        {
            await stack.StartUntilHealthyAsync(instance, RestartTimeout);
            done.Add($"started {instance}");
        }
        return done;
    }

    private async Task ThawAsync(string instance)
    {
        if (_frozen.TryRemove(instance, out var pids))
        {
            await ProcessTree.ContinueAsync(pids);
        }
    }
}
