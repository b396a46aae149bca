using System.Collections.Concurrent;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.Intake;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// The stream entries a job carries change owner here, and only here. They stay pending in Redis the whole time (a
/// crash loses nothing), held by <see cref="QueueKeys.BatchJobsConsumer"/>, which no recovery pass claims from: the
/// job row owns them. Given back, they are this replica's again (in its <see cref="Holdings"/>); those a job could
/// not answer are marked for the synchronous path, so they are not sent to another job.
/// </summary>
public sealed class JobEntries(SignatureQueue queue, ConsumerIdentity identity, Holdings holdings)
{
    private readonly ConcurrentDictionary<EntryKey, byte> _syncOnly = new();

    /// <summary>Moves entries this replica holds to the jobs' consumer; returns those moved (one lost meanwhile is another replica's).</summary>
    public async Task<IReadOnlySet<string>> HandOverAsync(IReadOnlyCollection<QueueEntry> entries) =>
        (await queue.MoveAsync(Tier.C, identity.Name, QueueKeys.BatchJobsConsumer, [.. entries.Select(e => e.EntryId)])).ToHashSet(StringComparer.Ordinal);

    /// <summary>Takes entries back from the jobs' consumer, checked out to this replica; those no longer pending (done) are not in it.</summary>
    public async Task<Checkout> TakeBackAsync(IReadOnlyCollection<string> entryIds)
    {
        var moved = await queue.MoveAsync(Tier.C, QueueKeys.BatchJobsConsumer, identity.Name, entryIds);
        return holdings.CheckIn(moved.Count == 0 ? [] : await queue.LoadAsync(Tier.C, moved));
    }

    /// <summary>Entries back to work now; with <paramref name="syncOnly"/> they are classified synchronously (a job could not answer them).</summary>
    public void ReturnToWork(Checkout checkout, bool syncOnly)
    {
        if (syncOnly)
        {
            foreach (var entry in checkout.Entries)
            {
                _syncOnly[entry.Key] = 0;
            }
        }
        checkout.Hold(checkout.Entries, DateTimeOffset.MinValue);
    }

    /// <summary>Whether a planned batch may go to a job: none of its entries came back from one unanswered. Consumes the marks.</summary>
    public bool MayGoToJob(IEnumerable<QueueEntry> entries)
    {
        var marked = false;
        foreach (var entry in entries)
        {
            marked |= _syncOnly.TryRemove(entry.Key, out _);
        }
        return !marked;
    }
}
