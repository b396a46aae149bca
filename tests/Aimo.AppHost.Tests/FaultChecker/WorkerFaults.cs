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

    /// <summary>Notes for the report, e.g. a replica whose process the AppHost still listed had already exited.</summary>
    public ConcurrentQueue<string> Notes { get; } = new();

    /// <summary>SIGKILL of the replica's process tree, down for <c>Duration</c>, started again. Null: it had no live process to kill.</summary>
    public async Task<IReadOnlyList<string>?> KillAsync(FaultStep fault, CancellationToken cancellationToken)
    {
        var instance = instances[fault.Target % instances.Count];
        if (await LivePidAsync(instance) is not { } pid)
        {
            return null;
        }
        await ProcessTree.SignalAsync("KILL", ProcessTree.Of(pid));
        using (var ended = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await stack.WaitForAsync(instance, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ended.Token);
        }
        await Task.Delay(fault.Duration, cancellationToken);
        return await stack.StartUntilHealthyAsync(instance, RestartTimeout);
    }

    /// <summary>
    /// The replica's pid once it names a live process: right after a restart the AppHost may still list the pid of the
    /// process before (a replica that exited on its own shows the same way). Null when none appears within 5 s.
    /// </summary>
    private async Task<int?> LivePidAsync(string instance)
    {
        int? seen = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            seen = stack.PidOf(instance);
            if (seen is { } pid && Directory.Exists($"/proc/{pid}"))
            {
                return pid;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        Notes.Enqueue($"{instance}: no live process to signal (the AppHost lists pid {seen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, {StackProcesses.StateOf(stack, instance)})");
        return null;
    }

    /// <summary>Frozen for <c>Duration</c>; returns false when the replica had no process (not running at that moment).</summary>
    public async Task<bool> PauseAsync(FaultStep fault)
    {
        var instance = instances[fault.Target % instances.Count];
        if (await LivePidAsync(instance) is not { } pid)
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
