using Aimo.Core;
using Aimo.Core.Batching;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.Commit;
using Aimo.Worker.Pipeline;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Intake;

/// <summary>
/// Step 1 of the pipeline: takes the next work (<see cref="WorkSource"/>: claimed, waiting, A, B, then C as the budget
/// allows), settles what needs no LLM call (<see cref="Triage"/>), and plans batches with the design's planner, each
/// with its own checkout of entries. A signature whose text reads like instructions to a model
/// (<see cref="InjectionDetector"/>) is quarantined: it goes in a batch of its own, so it can only affect itself. While PostgreSQL is down it holds what it took with a growing pause (nothing new
/// is read meanwhile). Whatever it took and did not plan into a batch goes back to the holdings when it returns.
/// </summary>
public sealed partial class IntakeStep(WorkSource source, Triage triage, IOptions<BatchLimits> limits, TimeProvider time, ILogger<IntakeStep> logger)
{
    private static readonly TimeSpan MaxStorageBackoff = TimeSpan.FromSeconds(30);
    private TimeSpan _storageBackoff = TimeSpan.Zero;

    /// <summary>The planned batches of the next work; empty when there is none (or it waits).</summary>
    public async Task<IReadOnlyList<BatchContext>> NextAsync(int max, bool probe, CancellationToken cancellationToken)
    {
        using var work = await source.NextAsync(max, probe, cancellationToken);
        if (work.Count == 0 || await TriageAsync(work, cancellationToken) is not { } ready)
        {
            return [];
        }
        var batches = new List<BatchContext>();
        foreach (var tierGroup in ready.GroupBy(e => e.Tier).OrderBy(g => g.Key))
        {
            var formatted = tierGroup.Select(e => (Entry: e, Formatted: SignatureFormatter.Format(e.Signature!))).ToList();
            var quarantined = formatted.Where(p => InjectionDetector.Inspect(p.Entry.Signature!) is { Suspected: true } verdict
                && LogQuarantined(p.Entry, verdict)).ToList();
            foreach (var item in quarantined)
            {
                batches.Add(new BatchContext(tierGroup.Key, work.Split([item.Entry]), [item], probe, quarantined: true));
            }
            foreach (var items in BatchPlanner.Plan([.. formatted.Except(quarantined)], p => p.Formatted.SampleChars, limits.Value))
            {
                batches.Add(new BatchContext(tierGroup.Key, work.Split(items.Select(i => i.Entry)), items, probe));
            }
        }
        return batches;
    }

    /// <summary>Triage; when PostgreSQL is down the work is held with a growing pause, and nothing new is read meanwhile.</summary>
    private async Task<IReadOnlyList<QueueEntry>?> TriageAsync(Checkout work, CancellationToken cancellationToken)
    {
        try
        {
            var ready = await triage.RunAsync(work, cancellationToken);
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

    private bool LogQuarantined(QueueEntry entry, InjectionVerdict verdict)
    {
        LogQuarantine(logger, LogText.Escape(entry.SignatureId), verdict.Score, string.Join(", ", verdict.Signals));
        return true;
    }

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning,
        Message = "Signature {SignatureId} reads like instructions to a model (score {Score}: {Signals}): classified in a batch of its own")]
    private static partial void LogQuarantine(ILogger logger, string signatureId, int score, string signals);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "PostgreSQL unavailable: {Count} entries held, next try in {Seconds} s; nothing new is read meanwhile")]
    private static partial void LogStorageDown(ILogger logger, Exception exception, int count, double seconds);
}
