using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Worker.Classify;
using Aimo.Worker.Commit;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Intake;

/// <summary>
/// Step 1 of the intake: settles the entries of a checkout that need no LLM call, and leaves the rest in it, one
/// entry per signature:
/// <list type="bullet">
/// <item>unreadable entries, and entries whose batches were started <see cref="WorkerOptions.MaxAttempts"/> times
/// without finishing → needs_review as poison;</item>
/// <item>superseded versions (a newer version of the signature was accepted) → acknowledged: the newer version is
/// classified instead, so one batch never carries a signature twice;</item>
/// <item>versions already finished (a crash between commit and acknowledgement, or another worker got there first) → acknowledged;</item>
/// <item>unchanged content classified within the reuse window → answered from PostgreSQL, through the same commit rule.</item>
/// </list>
/// Throws when PostgreSQL or Redis cannot be reached; what was not acknowledged stays in the checkout.
/// </summary>
public sealed partial class Triage(IWorkQueue queue, IResultStore store, IOptions<WorkerOptions> options, ILogger<Triage> logger)
{
    private WorkerOptions Options => options.Value;

    public async Task<IReadOnlyList<QueueEntry>> RunAsync(Checkout checkout, CancellationToken cancellationToken)
    {
        var entries = checkout.Entries;
        var unreadable = entries.Where(e => e.Signature is null).ToList();
        var readable = entries.Where(e => e.Signature is not null).ToList();
        var latest = await queue.LatestVersionsAsync([.. readable.Select(e => e.SignatureId).Distinct()]);
        var newest = readable.GroupBy(e => e.SignatureId).Select(g => g.MaxBy(e => e.Version)!).ToHashSet();
        var superseded = readable.Where(e => !newest.Contains(e) || (latest.TryGetValue(e.SignatureId, out var v) && v > e.Version)).ToList();
        var current = readable.Except(superseded).ToList();

        var done = await store.FinishedAsync(current, cancellationToken);
        var finished = current.Where(e => done.Contains(e.Key)).ToList();
        current = [.. current.Except(finished)];

        var attempts = await queue.AttemptsAsync(current);
        var poison = current.Where(e => attempts.GetValueOrDefault(e.Key) >= Options.MaxAttempts).ToList();
        current = [.. current.Except(poison)];

        var reusable = await store.ReusableAsync(current, Options.ReuseWindow, cancellationToken);
        var reused = current.Where(e => reusable.ContainsKey(e.SignatureId)).ToList();
        current = [.. current.Except(reused)];

        List<VersionOutcome> outcomes =
        [
            .. unreadable.Select(e => new VersionOutcome(e, null, new ReviewOutcome(e.SignatureId, ReviewReasons.Poison,
                $"Stream entry {e.EntryId} could not be read as a signature."))),
            .. poison.Select(e => new VersionOutcome(e, null, new ReviewOutcome(e.SignatureId, ReviewReasons.Poison,
                $"{attempts[e.Key]} batches carrying it were started without finishing (limit {Options.MaxAttempts}); not sent again."))),
            .. reused.Select(e => new VersionOutcome(e, reusable[e.SignatureId], null)),
        ];
        if (outcomes.Count > 0)
        {
            await store.CommitAsync(new CommitSet(null, outcomes, null), cancellationToken);
            foreach (var entry in unreadable.Concat(poison))
            {
                LogPoison(logger, entry.EntryId, entry.SignatureId);
            }
        }
        List<QueueEntry> acknowledged = [.. outcomes.Select(o => o.Entry), .. superseded, .. finished];
        if (acknowledged.Count > 0)
        {
            await queue.AcknowledgeAsync(acknowledged);
            checkout.Complete(acknowledged);
        }
        if (superseded.Count > 0)
        {
            LogSuperseded(logger, superseded.Count);
        }
        return current;
    }

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Poison entry {EntryId} ({SignatureId}) → needs_review")]
    private static partial void LogPoison(ILogger logger, string entryId, string signatureId);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "{Count} superseded version(s) acknowledged; their signatures' newer versions are classified instead")]
    private static partial void LogSuperseded(ILogger logger, int count);
}
