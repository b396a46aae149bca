using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Worker.Commit;
using Npgsql;

namespace Aimo.Worker.Tests.Pipeline;

/// <summary>
/// PostgreSQL in memory, with the commit rule of <see cref="ResultStore"/> (a version is finished by the commit that
/// moves the row forward to it). <see cref="FailCommits"/> makes the next commits throw as PostgreSQL down would.
/// </summary>
internal sealed class FakeResultStore : IResultStore
{
    private readonly Lock _gate = new();

    public Dictionary<string, long> Versions { get; } = new(StringComparer.Ordinal);
    public List<VersionOutcome> Recorded { get; } = [];
    public List<BatchRecord> Batches { get; } = [];
    public int FailCommits { get; set; }

    /// <summary>An exception a commit throws (a bug, not an outage), or null.</summary>
    public Func<CommitSet, Exception?> Fault { get; set; } = _ => null;
    public Dictionary<string, ClassificationDraft> Reusable { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlySet<EntryKey>> FinishedAsync(IReadOnlyCollection<QueueEntry> entries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlySet<EntryKey>>(entries
                .Where(e => Versions.TryGetValue(e.SignatureId, out var v) && v >= e.Version).Select(e => e.Key).ToHashSet());
        }
    }

    public Task<IReadOnlyDictionary<string, ClassificationDraft>> ReusableAsync(IReadOnlyCollection<QueueEntry> entries, TimeSpan window,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, ClassificationDraft>>(
            entries.Where(e => Reusable.ContainsKey(e.SignatureId)).ToDictionary(e => e.SignatureId, e => Reusable[e.SignatureId]));

    public Task<CommitReceipt> CommitAsync(CommitSet set, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailCommits > 0)
            {
                FailCommits--;
                throw new NpgsqlException("injected: PostgreSQL is down");
            }
            if (Fault(set) is { } fault)
            {
                throw fault;
            }
            if (set.Batch is { } existing && Batches.Any(b => b.Id == existing.Id))
            {
                return Task.FromResult(new CommitReceipt([], [.. set.Outcomes.Select(o => o.Entry)], Repeated: true));
            }
            var recorded = new List<QueueEntry>();
            var discarded = new List<QueueEntry>();
            foreach (var outcome in set.Outcomes)
            {
                if (Versions.GetValueOrDefault(outcome.Entry.SignatureId) < outcome.Entry.Version)
                {
                    Versions[outcome.Entry.SignatureId] = outcome.Entry.Version;
                    Recorded.Add(outcome);
                    recorded.Add(outcome.Entry);
                }
                else
                {
                    discarded.Add(outcome.Entry);
                }
            }
            if (set.Batch is { } batch)
            {
                Batches.Add(batch);
            }
            return Task.FromResult(new CommitReceipt(recorded, discarded, Repeated: false));
        }
    }
}
