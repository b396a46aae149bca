using Aimo.Core.Signatures;

namespace Aimo.Data.Queue;

/// <summary>
/// The queue as the worker's pipeline uses it (implemented by <see cref="SignatureQueue"/> over Redis streams): what
/// the pipeline's unit tests fake. Ownership of entries (keep-alive, claims) is the recovery loop's, not the pipeline's.
/// </summary>
public interface IWorkQueue
{
    /// <summary>New entries of one tier for this consumer (XREADGROUP &gt;).</summary>
    Task<List<QueueEntry>> ReadAsync(string consumer, Tier tier, int count);

    /// <summary>Acknowledges and deletes finished entries; a signature's pending state goes with its latest version's entry.</summary>
    Task AcknowledgeAsync(IReadOnlyCollection<QueueEntry> entries);

    /// <summary>Shows the entries as "deferred" in the status API, where each is still its signature's latest version.</summary>
    Task MarkDeferredAsync(IReadOnlyCollection<QueueEntry> entries);

    /// <summary>How many batches carrying each entry were started without finishing.</summary>
    Task<Dictionary<EntryKey, long>> AttemptsAsync(IReadOnlyCollection<QueueEntry> entries);

    /// <summary>Counts a started batch for each entry (+1), or takes it back (-1) when the batch did not use the entry.</summary>
    Task AddAttemptsAsync(IReadOnlyCollection<QueueEntry> entries, int delta);

    /// <summary>The latest accepted version of each signature that still waits in the queue (absent: none waits).</summary>
    Task<Dictionary<string, long>> LatestVersionsAsync(IReadOnlyCollection<string> signatureIds);
}
