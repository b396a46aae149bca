using System.Collections.Concurrent;
using Aimo.Worker.Llm.RateLimits;

namespace Aimo.Worker.Pipeline;

/// <summary>The batches in flight: each takes a slot of the adaptive concurrency and gives it back when it ends, however it ends.</summary>
internal sealed class BatchRuns(AdaptiveConcurrency slots)
{
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    /// <summary>Waits for a free slot; every slot taken is given back by <see cref="Start"/>'s run.</summary>
    public Task WaitForSlotAsync(CancellationToken cancellationToken) => slots.WaitAsync(cancellationToken);

    /// <summary>Runs <paramref name="run"/> in the background in the slot taken before.</summary>
    public void Start(Func<Task> run)
    {
        var task = Task.Run(run, CancellationToken.None);
        _inFlight[task] = 0;
        _ = task.ContinueWith(t =>
        {
            slots.Release();
            _inFlight.TryRemove(t, out _);
        }, TaskScheduler.Default);
    }

    public Task WhenAllAsync() => Task.WhenAll(_inFlight.Keys);
}
