using Aimo.Core.Batching;
using Aimo.Data.Queue;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Budget;
using Aimo.Worker.Intake;
using Aimo.Worker.Llm;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Pipeline;

/// <summary>
/// The worker's loop: asks the <see cref="IntakeStep"/> for the next planned batches and runs each through the
/// <see cref="BatchPipeline"/> (tier C to the <see cref="JobCollector"/> when the Batch API is on), up to <see cref="AdaptiveConcurrency.Limit"/> at once. While the LLM provider is
/// paused it takes nothing, except the one probe batch it may be granted.
/// </summary>
public sealed partial class WorkerLoop(
    IntakeStep intake,
    BatchPipeline pipeline,
    JobCollector jobs,
    IProviderHealth health,
    AdaptiveConcurrency slots,
    ConsumerIdentity identity,
    BudgetSettingsCache settings,
    SignatureQueue queue,
    IOptions<WorkerOptions> workerOptions,
    IOptions<BatchLimits> batchLimits,
    ILogger<WorkerLoop> logger) : BackgroundService
{
    private static readonly TimeSpan PausedPoll = TimeSpan.FromSeconds(1);
    private readonly BatchRuns _runs = new(slots);
    private readonly CancellationTokenSource _abort = new();
    private WorkerOptions Options => workerOptions.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await identity.Alive.WaitAsync(stoppingToken);
        await settings.Loaded.WaitAsync(stoppingToken);
        await queue.EnsureGroupsAsync(stoppingToken);
        LogStarted(logger, identity.Name);
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
        var batches = await intake.NextAsync(probe ? batchLimits.Value.MaxSignatures : Options.ReadCount, probe, stoppingToken);
        if (batches.Count == 0)
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
            LogProbe(logger, batches.Sum(b => b.Entries.Count));
        }
        for (var i = 0; i < batches.Count; i++)
        {
            if (jobs.TryTake(batches[i]))
            {
                // Tier C for a Batch API job: it takes no slot, so A and B never wait for it.
                continue;
            }
            try
            {
                await _runs.WaitForSlotAsync(stoppingToken);
            }
            catch
            {
                // Stopping before their turn: the batches not started give their entries back.
                foreach (var waiting in batches.Skip(i))
                {
                    waiting.Checkout.Dispose();
                }
                throw;
            }
            var batch = batches[i];
            _runs.Start(() => pipeline.RunAsync(batch, _abort.Token));
        }
    }

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Reading the queue as consumer {Consumer}")]
    private static partial void LogStarted(ILogger logger, string consumer);

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Queue loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "LLM paused: sending a probe batch of {Count} entries")]
    private static partial void LogProbe(ILogger logger, int count);
}
