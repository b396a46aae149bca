using System.Collections.Concurrent;
using Aimo.Core;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Runs a schedule's faults, each at its time on the history's clock, each undoing itself (a killed process is started
/// again, a frozen one thawed, a fault window closed). Counts what it injected, and keeps what went wrong with the stack
/// itself (a process that would not start again) apart from the system's violations.
/// </summary>
public sealed class FaultInjector(AimoStack stack, WorkerFaults workers, RedisFaults redis, PostgresFaults postgres, LlmFaults llm, History history)
{
    public ConcurrentDictionary<FaultKind, int> Injected { get; } = new();

    /// <summary>Faults that could not be injected or undone: the stack broke, not (necessarily) the system under test.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Notes worth a line in the report (e.g. a restart that needed more than one start).</summary>
    public ConcurrentQueue<string> Notes { get; } = new();

    public Task RunAsync(Schedule schedule, CancellationToken cancellationToken) =>
        Task.WhenAll(schedule.Faults.Select((fault, i) => RunOneAsync(fault, schedule.Seed + i, cancellationToken)));

    /// <summary>Whatever is left after the faults ran (or a run that was cut short): every process running, llm-sim quiet.</summary>
    public async Task HealAsync()
    {
        while (workers.Notes.TryDequeue(out var note))
        {
            Notes.Enqueue(note);
        }
        foreach (var note in await workers.HealAsync())
        {
            Notes.Enqueue($"heal: {note}");
        }
        foreach (var resource in new[] { ResourceNames.Redis, ResourceNames.Postgres }.Where(stack.IsStopped))
        {
            await stack.StartUntilHealthyAsync(resource, RedisFaults.RestartTimeout);
            Notes.Enqueue($"heal: started {resource}");
        }
        await llm.BaselineAsync();
    }

    private async Task RunOneAsync(FaultStep fault, int seed, CancellationToken cancellationToken)
    {
        var wait = fault.At - history.Now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
        var at = history.Now;
        try
        {
            var tries = fault.Kind switch
            {
                FaultKind.WorkerKill => await workers.KillAsync(fault, cancellationToken),
                FaultKind.RedisKill => await redis.KillAsync(fault, cancellationToken),
                FaultKind.PostgresKill => await postgres.KillPostmasterAsync(fault, cancellationToken),
                _ => await OtherAsync(fault, seed, cancellationToken),
            };
            if (tries is null)
            {
                Notes.Enqueue($"{fault.Kind} at {at.TotalSeconds:0.0}s skipped: worker[{fault.Target}] had no live process");
                return;
            }
            Injected.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1);
            if (tries.Count > 1)
            {
                Notes.Enqueue($"{fault.Kind} at {at.TotalSeconds:0.0}s: restart took {tries.Count} steps: {string.Join("; ", tries)}");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Problems.Enqueue($"{fault.Kind} at {at.TotalSeconds:0.0}s: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The faults that need no restart. Null: not injected.</summary>
    private async Task<IReadOnlyList<string>?> OtherAsync(FaultStep fault, int seed, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case FaultKind.WorkerPause:
                return await workers.PauseAsync(fault) ? [] : null;
            case FaultKind.RedisClientPause:
                await redis.ClientPauseAsync(fault);
                return [];
            case FaultKind.RedisClientKill:
                await redis.ClientKillAsync();
                return [];
            case FaultKind.RedisDebugSleep:
                await redis.DebugSleepAsync(fault);
                return [];
            case FaultKind.LlmFaults:
                await llm.WindowAsync(fault, seed, cancellationToken);
                return [];
            case FaultKind.LlmForcedFailure:
                await llm.ForceFailureAsync(fault);
                return [];
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "no injector");
        }
    }
}
