using Aimo.Data.Entities;
using Aimo.Worker.Options;
using Aimo.Worker.Queue;
using Aimo.Worker.Storage;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Processing;

/// <summary>
/// Settles the entries that need no LLM call, and returns the rest, one entry per signature:
/// <list type="bullet">
/// <item>unreadable entries, and entries whose batches were started <see cref="WorkerOptions.MaxAttempts"/> times
/// without finishing → needs_review as poison;</item>
/// <item>superseded versions (a newer version of the signature was accepted) → acknowledged: the newer version is
/// classified instead, so one batch never carries a signature twice;</item>
/// <item>versions already finished (a crash between commit and acknowledgement) → acknowledged;</item>
/// <item>unchanged signatures classified within the reuse window → answered from PostgreSQL.</item>
/// </list>
/// Throws when PostgreSQL cannot be reached; nothing has been acknowledged then.
/// </summary>
public sealed partial class EntryTriage(
    WorkQueue queue, OwnedEntries owned, BatchStore store, IOptions<WorkerOptions> options, ILogger<EntryTriage> logger)
{
    private WorkerOptions Options => options.Value;

    public async Task<List<QueueEntry>> PrepareAsync(IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var unreadable = entries.Where(e => e.Signature is null).ToList();
        var readable = entries.Where(e => e.Signature is not null).ToList();
        var latest = await queue.LatestVersionsAsync([.. readable.Select(e => e.SignatureId).Distinct()]);
        var newest = readable.GroupBy(e => e.SignatureId).Select(g => g.MaxBy(e => e.Version)!).ToHashSet();
        var superseded = readable.Where(e => !newest.Contains(e) || (latest.TryGetValue(e.SignatureId, out var v) && v > e.Version)).ToList();
        var current = readable.Except(superseded).ToList();

        var done = await store.AlreadyDoneAsync(current, cancellationToken);
        var finished = current.Where(e => done.Contains(e.EntryId)).ToList();
        current = [.. current.Except(finished)];

        var attempts = await queue.AttemptsAsync(current);
        var poison = current.Where(e => attempts.GetValueOrDefault(e.EntryId) >= Options.MaxAttempts).ToList();
        current = [.. current.Except(poison)];

        var reused = await store.ReusableAsync(current, Options.ReuseWindow, cancellationToken);
        var reusedEntries = current.Where(e => reused.ContainsKey(e.SignatureId)).ToList();
        current = [.. current.Except(reusedEntries)];

        List<QueueEntry> toReview = [.. unreadable, .. poison];
        if (toReview.Count > 0 || reusedEntries.Count > 0)
        {
            var reviews = toReview.Select(e => new ReviewOutcome(e.SignatureId, ReviewReasons.Poison,
                e.Signature is null
                    ? $"Stream entry {e.EntryId} could not be read as a signature."
                    : $"{attempts[e.EntryId]} batches carrying it were started without finishing (limit {Options.MaxAttempts}); not sent again.")).ToList();
            await store.CommitAsync(new CommitSet(null, null, 0m, null, [.. toReview, .. reusedEntries], reused, reviews, null), cancellationToken);
            foreach (var entry in toReview)
            {
                LogPoison(logger, entry.EntryId, entry.SignatureId);
            }
        }
        List<QueueEntry> acknowledged = [.. toReview, .. reusedEntries, .. superseded, .. finished];
        if (acknowledged.Count > 0)
        {
            await queue.AcknowledgeAsync(acknowledged);
            owned.Remove(acknowledged);
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
