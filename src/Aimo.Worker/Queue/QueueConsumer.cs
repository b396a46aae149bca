using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aimo.Core.Batching;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using Aimo.Worker.Options;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>
/// Reads the tier streams (A before B before C), plans batches, reserves budget, classifies, commits, then
/// XACKs and XDELs. Unacknowledged entries stay pending and are reclaimed by <see cref="RecoveryLoop"/>.
/// </summary>
public sealed partial class QueueConsumer(
    IConnectionMultiplexer redis,
    BatchRunner runner,
    BudgetLedger ledger,
    SettingsCache settings,
    WorkerTelemetry telemetry,
    IOptions<WorkerOptions> workerOptions,
    IOptions<BatchLimits> batchLimits,
    ConsumerIdentity identity,
    ReclaimedEntries reclaimed,
    DeferredEntries deferred,
    ILogger<QueueConsumer> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly long[] _depths = new long[3];
    private WorkerOptions Options => workerOptions.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        telemetry.ObserveQueue(
            () => Enum.GetValues<Tier>().Select(t => new Measurement<long>(Volatile.Read(ref _depths[(int)t]), new KeyValuePair<string, object?>("tier", t.ToString()))),
            () => deferred.Count);
        await EnsureGroupsAsync(stoppingToken);
        await settings.Loaded.WaitAsync(stoppingToken);
        using var slots = new SemaphoreSlim(Options.Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var work = await NextWorkAsync(stoppingToken);
                if (work.Count == 0)
                {
                    await Task.Delay(Options.PollInterval, stoppingToken);
                    continue;
                }
                foreach (var tierGroup in work.GroupBy(e => e.Tier).OrderBy(g => g.Key))
                {
                    var ready = await runner.PrepareAsync([.. tierGroup], stoppingToken);
                    var formatted = ready.Select(e => (Entry: e, Formatted: SignatureFormatter.Format(e.Signature!))).ToList();
                    foreach (var batch in BatchPlanner.Plan(formatted, p => p.Formatted.SampleChars, batchLimits.Value))
                    {
                        await slots.WaitAsync(stoppingToken);
                        var task = Task.Run(() => runner.RunBatchAsync(tierGroup.Key, batch, _abort.Token), CancellationToken.None);
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

    private async Task EnsureGroupsAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        foreach (var tier in Enum.GetValues<Tier>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await db.StreamCreateConsumerGroupAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, "0", createStream: true);
            }
            catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>Reclaimed entries first, then deferred C when the budget allows, then new entries A → B → C.</summary>
    private async Task<List<QueueEntry>> NextWorkAsync(CancellationToken cancellationToken)
    {
        await RefreshDepthsAsync();
        var work = reclaimed.Drain();
        if (work.Count > 0)
        {
            return work;
        }
        var cOpen = await TierCOpenAsync();
        if (cOpen && !deferred.IsEmpty)
        {
            return deferred.Take(Options.ReadCount);
        }
        foreach (var tier in Enum.GetValues<Tier>())
        {
            if (tier == Tier.C && !cOpen)
            {
                continue;
            }
            var entries = await ReadAsync(tier, Options.ReadCount);
            if (entries.Count == 0)
            {
                continue;
            }
            if (entries.Count < batchLimits.Value.MaxSignatures && Options.Linger > TimeSpan.Zero)
            {
                // Let a partial batch fill up a little; a lone signature still goes out after the linger.
                await Task.Delay(Options.Linger, cancellationToken);
                entries.AddRange(await ReadAsync(tier, Options.ReadCount - entries.Count));
            }
            return entries;
        }
        return [];
    }

    private async Task<List<QueueEntry>> ReadAsync(Tier tier, int count)
    {
        if (count <= 0)
        {
            return [];
        }
        var entries = await redis.GetDatabase().StreamReadGroupAsync(RedisKeys.Stream(tier), RedisKeys.ConsumerGroup, identity.Name, ">", count);
        return [.. entries.Select(e => QueueEntry.From(tier, e))];
    }

    private async Task<bool> TierCOpenAsync()
    {
        var current = settings.Current;
        var snapshot = await ledger.SnapshotAsync(current.Clock.Today, current.DailyBudgetUsd, current.SoftLimitFraction);
        return snapshot.CommittedUsd < snapshot.SoftLimitUsd;
    }

    private async Task RefreshDepthsAsync()
    {
        var db = redis.GetDatabase();
        foreach (var tier in Enum.GetValues<Tier>())
        {
            Volatile.Write(ref _depths[(int)tier], await db.StreamLengthAsync(RedisKeys.Stream(tier)));
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Queue loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

}
