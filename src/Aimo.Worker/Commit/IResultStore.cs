using Aimo.Data.Queue;

namespace Aimo.Worker.Commit;

/// <summary>
/// The worker's PostgreSQL, as the pipeline uses it (implemented by <see cref="ResultStore"/>): what triage asks, and
/// the one-transaction commit whose version rule lives in SQL. What the pipeline's unit tests fake.
/// </summary>
public interface IResultStore
{
    /// <summary>Entries whose version is finished already: the row is at that version or a newer one.</summary>
    Task<IReadOnlySet<EntryKey>> FinishedAsync(IReadOnlyCollection<QueueEntry> entries, CancellationToken cancellationToken);

    /// <summary>Per signature id: a result made within <paramref name="window"/> for exactly the entry's content.</summary>
    Task<IReadOnlyDictionary<string, ClassificationDraft>> ReusableAsync(IReadOnlyCollection<QueueEntry> entries, TimeSpan window,
        CancellationToken cancellationToken);

    /// <summary>Writes a batch and its outcomes in one transaction; see <see cref="CommitReceipt"/> for what it recorded.</summary>
    Task<CommitReceipt> CommitAsync(CommitSet set, CancellationToken cancellationToken);
}
