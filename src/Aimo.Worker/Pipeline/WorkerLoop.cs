using Aimo.Core.Batching;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.Budget;
using Aimo.Worker.Commit;
using Aimo.Worker.Intake;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Pipeline;

/// <summary>
/// The worker's intake, top to bottom: take the next work (<see cref="WorkSource"/>), settle what needs no LLM call
/// (<see cref="Triage"/>), plan batches with the design's planner, and start a <see cref="BatchPipeline"/> for each,
/// up to <see cref="AdaptiveConcurrency.Limit"/> at once. While the LLM provider is paused it reads nothing, except the
/// one probe batch it may be granted; while PostgreSQL is down it holds what it took, with a growing pause, and reads
/// nothing new. Whatever an iteration took and did not hand to a batch goes back to the holdings when it ends.
/// </summary>
public sealed partial class WorkerLoop(
    WorkSource source,
    Triage triage,
    BatchPipeline pipeline,
    IProviderHealth health,
    AdaptiveConcurrency slots,
    ConsumerIdentity identity,
    BudgetSettingsCache settings,
    SignatureQueue queue,
    IOptions<WorkerOptions> workerOptions,
    IOptions<BatchLimits> batchLimits,
    TimeProvider time,
    ILogger<WorkerLoop> logger) : BackgroundService
{
    private static readonly TimeSpan PausedPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStorageBackoff = TimeSpan.FromSeconds(30);
    private readonly BatchRuns _runs = new(slots);
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
                await RunOnceAsync(stoppingToken);
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
        await _runs.WhenAllAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken);
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var paused = await health.IsPausedAsync();
        var probe = paused && await health.TryStartProbeAsync();
        if (paused && !probe)
        {
            await Task.Delay(PausedPoll, stoppingToken);
            return;
        }
        using var work = await source.NextAsync(probe ? batchLimits.Value.MaxSignatures : Options.ReadCount, probe, stoppingToken);
        if (work.Count == 0)
        {
            if (probe)
            {
                // Nothing to probe with: let the next worker (or this one) probe as soon as there is work.
                await health.ReleaseProbeAsync();
            }
            await Task.Delay(Options.PollInterval, stoppingToken);
            return;
        }
        if (probe)
        {
            LogProbe(logger, work.Count);
        }
        if (await TriageAsync(work, stoppingToken) is not { } ready)
        {
            return;
        }
        foreach (var tierGroup in ready.GroupBy(e => e.Tier).OrderBy(g => g.Key))
        {
            var formatted = tierGroup.Select(e => (Entry: e, Formatted: SignatureFormatter.Format(e.Signature!))).ToList();
            foreach (var items in BatchPlanner.Plan(formatted, p => p.Formatted.SampleChars, batchLimits.Value))
            {
                await _runs.WaitForSlotAsync(stoppingToken);
                // Split before the run starts: this iteration's checkout gives back, when it ends, only what no batch took.
                var batch = new BatchContext(tierGroup.Key, work.Split(items.Select(i => i.Entry)), items, probe);
                _runs.Start(() => pipeline.RunAsync(batch, _abort.Token));
            }
        }
    }

    /// <summary>Triage; when PostgreSQL is down the work is held with a growing pause, and nothing new is read meanwhile.</summary>
    private async Task<IReadOnlyList<QueueEntry>?> TriageAsync(Checkout work, CancellationToken stoppingToken)
    {
        try
        {
            var ready = await triage.RunAsync(work, stoppingToken);
            _storageBackoff = TimeSpan.Zero;
            return ready;
        }
        catch (Exception ex) when (StorageFaults.IsTransient(ex))
        {
            _storageBackoff = _storageBackoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1)
                : _storageBackoff * 2 > MaxStorageBackoff ? MaxStorageBackoff : _storageBackoff * 2;
            LogStorageDown(logger, ex, work.Count, _storageBackoff.TotalSeconds);
            work.Hold(work.Entries, time.GetUtcNow() + _storageBackoff);
            return null;
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Queue loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "PostgreSQL unavailable: {Count} entries held, next try in {Seconds} s; nothing new is read meanwhile")]
    private static partial void LogStorageDown(ILogger logger, Exception exception, int count, double seconds);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "LLM paused: sending a probe batch of {Count} entries")]
    private static partial void LogProbe(ILogger logger, int count);
}
