using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Batches;

/// <summary>
/// The batch jobs, in memory: a simulator forgets them when it stops (a client that kept a job id then gets a 404,
/// as after the real API's retention). Also holds the batch settings in force and the faults queued for the next jobs.
/// </summary>
public sealed class BatchStore(IOptions<BatchOptions> configured, TimeProvider time, FileStore files, BatchLineAnswerer answerer)
{
    private readonly ConcurrentDictionary<string, BatchJob> _jobs = new();
    private readonly Lock _gate = new();
    private readonly Queue<BatchFault> _forced = new();
    private BatchOptions _options = configured.Value;
    private long _seq;

    public BatchOptions Options
    {
        get { lock (_gate) return _options; }
    }

    public IReadOnlyList<BatchFault> Forced
    {
        get { lock (_gate) return [.. _forced]; }
    }

    public void SetOptions(BatchOptions options)
    {
        lock (_gate) _options = options;
    }

    public void Enqueue(IEnumerable<BatchFault> faults)
    {
        lock (_gate)
        {
            foreach (var fault in faults) _forced.Enqueue(fault);
        }
    }

    public BatchObject Create(StoredFile input, string endpoint, string completionWindow, IReadOnlyDictionary<string, string>? metadata, string? apiKey)
    {
        var (lines, errors) = BatchInput.Read(input.Content, endpoint);
        var model = lines.Select(l => l.Body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
            .FirstOrDefault(m => m is not null);
        BatchPlan plan;
        lock (_gate)
        {
            var fault = _forced.TryDequeue(out var next) ? next : null;
            plan = new BatchPlan(input.Id, endpoint, completionWindow, metadata, lines, errors, model, apiKey,
                TimeSpan.FromSeconds(_options.SecondsPerState), _options.LineErrorRate, fault);
        }
        var job = new BatchJob("batch_" + Guid.NewGuid().ToString("N"), Interlocked.Increment(ref _seq), time.GetUtcNow(), plan);
        _jobs[job.Id] = job;
        return job.View(time.GetUtcNow(), answerer, files);
    }

    public BatchObject? Find(string id) => _jobs.TryGetValue(id, out var job) ? job.View(time.GetUtcNow(), answerer, files) : null;

    /// <returns>Null for an unknown job; false (with the job as it is) for one that has already ended.</returns>
    public bool? TryCancel(string id, out BatchObject? view)
    {
        view = null;
        if (!_jobs.TryGetValue(id, out var job)) return null;
        var cancelled = job.TryCancel(time.GetUtcNow(), answerer, files, out var current);
        view = current;
        return cancelled;
    }

    /// <summary>Newest first, from just after <paramref name="after"/> (an id of an earlier page), as the real API pages.</summary>
    public BatchList List(string? after, int limit)
    {
        var ordered = _jobs.Values.OrderByDescending(j => j.Seq).ToList();
        var start = after is null ? 0 : ordered.FindIndex(j => j.Id == after) + 1;
        // An unknown cursor gives an empty page rather than the first one again, so a pager cannot loop.
        if (after is not null && start == 0) start = ordered.Count;
        var now = time.GetUtcNow();
        var page = ordered.Skip(start).Take(limit).Select(j => j.View(now, answerer, files)).ToList();
        return new BatchList("list", page, page.FirstOrDefault()?.Id, page.LastOrDefault()?.Id, start + page.Count < ordered.Count);
    }

    /// <summary>Forgets every job and queued fault and restores the configured settings.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _jobs.Clear();
            _forced.Clear();
            _options = configured.Value;
        }
    }
}
