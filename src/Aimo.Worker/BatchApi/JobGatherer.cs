using System.Threading.Channels;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// Gathers planned batches into jobs: up to a count and a file size, or what came within the linger after the first. A
/// batch that would take the file past its size starts the next job; one batch alone is always a job.
/// </summary>
public sealed class JobGatherer<T>(ChannelReader<T> reader, Func<T, long> size, TimeProvider time)
{
    // What the job under way holds, and a batch kept for the next: handed back by Drain when the replica stops.
    private readonly List<T> _gathering = [];
    private readonly Queue<T> _next = new();

    /// <summary>The next job: waits for its first batch, then gathers; empty when the channel is completed.</summary>
    public async Task<List<T>> NextAsync(int maxCount, long maxBytes, TimeSpan linger, CancellationToken cancellationToken)
    {
        if (_next.Count == 0 && !await reader.WaitToReadAsync(cancellationToken))
        {
            return [];
        }
        var deadline = time.GetUtcNow() + linger;
        long bytes = 0;
        while (true)
        {
            while (_gathering.Count < maxCount && TryRead(out var batch))
            {
                var bound = size(batch);
                if (_gathering.Count > 0 && bytes + bound > maxBytes)
                {
                    _next.Enqueue(batch);
                    return Take();
                }
                _gathering.Add(batch);
                bytes += bound;
            }
            var left = deadline - time.GetUtcNow();
            if (_gathering.Count >= maxCount || left <= TimeSpan.Zero)
            {
                return Take();
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(left);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                {
                    return Take();
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Take();
            }
        }
    }

    /// <summary>Everything not handed out as a job: the one under way, the kept batch and the channel's rest.</summary>
    public IEnumerable<T> Drain()
    {
        var rest = Take();
        while (TryRead(out var batch))
        {
            rest.Add(batch);
        }
        return rest;
    }

    private bool TryRead(out T batch) => _next.TryDequeue(out batch!) || reader.TryRead(out batch!);

    private List<T> Take()
    {
        List<T> job = [.. _gathering];
        _gathering.Clear();
        return job;
    }
}
