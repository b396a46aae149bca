using System.Collections.Concurrent;
using Aimo.Core.Batching;
using Aimo.Core.Signatures;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Aimo.Worker.Queue;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Processing;

/// <summary>
/// The worker's loop: takes the next work (<see cref="WorkSource"/>), settles what needs no LLM call
/// (<see cref="EntryTriage"/>), plans batches with the design's planner and runs up to
/// <see cref="AdaptiveConcurrency.Limit"/> of them at once (<see cref="BatchRunner"/>). While the LLM provider is
/// paused it reads nothing, except the one probe batch it may be granted; while PostgreSQL is down it retries what it
/// holds and reads nothing new.
/// </summary>
public sealed partial class QueueConsumer(
    WorkQueue queue,
    WorkSource source,
    EntryTriage triage,
    BatchRunner runner,
    ProviderHealth health,
    AdaptiveConcurrency slots,
    ConsumerIdentity identity,
    BudgetSettingsCache settings,
    IOptions<WorkerOptions> workerOptions,
    IOptions<BatchLimits> batchLimits,
    TimeProvider time,
    ILogger<QueueConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan PausedPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStorageBackoff = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly CancellationTokenSource _abort = new();
    private TimeSpan _storageBackoff = TimeSpan.Zero;
    private WorkerOptions Options => workerOptions.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await identity.Alive.WaitAsync(stoppingToken);
        await settings.Loaded.WaitAsync(stoppingToken);
        await queue.EnsureGroupsAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var paused = await health.IsPausedAsync();
                var probe = paused && await health.TryStartProbeAsync();
                if (paused && !probe)
                {
                    await Task.Delay(PausedPoll, stoppingToken);
                    continue;
                }
                var work = await source.NextAsync(probe ? batchLimits.Value.MaxSignatures : Options.ReadCount, probe, stoppingToken);
                if (work.Count == 0)
                {
                    if (probe)
                    {
                        // Nothing to probe with: let the next worker (or this one) probe as soon as there is work.
                        await health.ReleaseProbeAsync();
                    }
                    await Task.Delay(Options.PollInterval, stoppingToken);
                    continue;
                }
                if (probe)
                {
                    LogProbe(logger, work.Count);
                }
                foreach (var tierGroup in work.GroupBy(e => e.Tier).OrderBy(g => g.Key))
                {
                    var ready = await PrepareAsync([.. tierGroup], stoppingToken);
                    var formatted = ready.Select(e => (Entry: e, Formatted: SignatureFormatter.Format(e.Signature!))).ToList();
                    foreach (var batch in BatchPlanner.Plan(formatted, p => p.Formatted.SampleChars, batchLimits.Value))
                    {
                        await slots.WaitAsync(stoppingToken);
                        var task = Task.Run(() => runner.RunAsync(tierGroup.Key, batch, probe, _abort.Token), CancellationToken.None);
                        _inFlight[task] = 0;
                        _ = task.ContinueWith(t => { slots.Release(); _inFlight.TryRemove(t, out _); }, TaskScheduler.Default);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
        // Graceful stop: no new reads; in-flight batches finish (or are aborted when the host's timeout runs out).
        await Task.WhenAll(_inFlight.Keys);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Triage; when PostgreSQL is down the entries are held and retried with a growing pause, and nothing new is read.</summary>
    private async Task<List<QueueEntry>> PrepareAsync(List<QueueEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            var ready = await triage.PrepareAsync(entries, cancellationToken);
            _storageBackoff = TimeSpan.Zero;
            return ready;
        }
        catch (Exception ex) when (StorageFaults.IsTransient(ex))
        {
            _storageBackoff = _storageBackoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1)
                : _storageBackoff * 2 > MaxStorageBackoff ? MaxStorageBackoff : _storageBackoff * 2;
            source.Hold(entries, time.GetUtcNow() + _storageBackoff);
            LogStorageDown(logger, ex, entries.Count, _storageBackoff.TotalSeconds);
            return [];
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Queue loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "PostgreSQL unavailable: {Count} entries held, next try in {Seconds} s; nothing new is read meanwhile")]
    private static partial void LogStorageDown(ILogger logger, Exception exception, int count, double seconds);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "LLM paused: sending a probe batch of {Count} entries")]
    private static partial void LogProbe(ILogger logger, int count);
}
