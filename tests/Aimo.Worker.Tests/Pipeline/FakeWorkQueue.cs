using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using StackExchange.Redis;

namespace Aimo.Worker.Tests.Pipeline;

/// <summary>
/// The queue in memory, with the contract of <see cref="SignatureQueue"/>: entries delivered once to whoever reads,
/// acknowledged away, attempts counted, the latest accepted version per signature. <see cref="Fail"/> makes an
/// operation throw a Redis error, as a Redis restart would.
/// </summary>
internal sealed class FakeWorkQueue : IWorkQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Tier, Queue<QueueEntry>> _undelivered = Enum.GetValues<Tier>().ToDictionary(t => t, _ => new Queue<QueueEntry>());
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<EntryKey, long> _attempts = [];

    public HashSet<EntryKey> Acknowledged { get; } = [];
    public List<QueueEntry> MarkedDeferred { get; } = [];
    public Dictionary<string, int> Calls { get; } = [];

    /// <summary>Given the operation's name and its call number (1-based), whether it throws.</summary>
    public Func<string, int, bool> Fail { get; set; } = (_, _) => false;

    public void Enqueue(params QueueEntry[] entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _undelivered[entry.Tier].Enqueue(entry);
                _latest[entry.SignatureId] = Math.Max(_latest.GetValueOrDefault(entry.SignatureId), entry.Version);
            }
        }
    }

    public long AttemptsOf(QueueEntry entry)
    {
        lock (_gate)
        {
            return _attempts.GetValueOrDefault(entry.Key);
        }
    }

    public Task<List<QueueEntry>> ReadAsync(string consumer, Tier tier, int count)
    {
        Called(nameof(ReadAsync));
        lock (_gate)
        {
            var read = new List<QueueEntry>();
            while (read.Count < count && _undelivered[tier].TryDequeue(out var entry))
            {
                read.Add(entry);
            }
            return Task.FromResult(read);
        }
    }

    public Task AcknowledgeAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        Called(nameof(AcknowledgeAsync));
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                Acknowledged.Add(entry.Key);
                _attempts.Remove(entry.Key);
                if (_latest.GetValueOrDefault(entry.SignatureId) == entry.Version)
                {
                    _latest.Remove(entry.SignatureId);
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task MarkDeferredAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        Called(nameof(MarkDeferredAsync));
        lock (_gate)
        {
            MarkedDeferred.AddRange(entries);
        }
        return Task.CompletedTask;
    }

    public Task<Dictionary<EntryKey, long>> AttemptsAsync(IReadOnlyCollection<QueueEntry> entries)
    {
        Called(nameof(AttemptsAsync));
        lock (_gate)
        {
            return Task.FromResult(entries.ToDictionary(e => e.Key, e => _attempts.GetValueOrDefault(e.Key)));
        }
    }

    public Task AddAttemptsAsync(IReadOnlyCollection<QueueEntry> entries, int delta)
    {
        Called(nameof(AddAttemptsAsync));
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _attempts[entry.Key] = _attempts.GetValueOrDefault(entry.Key) + delta;
            }
        }
        return Task.CompletedTask;
    }

    public Task<Dictionary<string, long>> LatestVersionsAsync(IReadOnlyCollection<string> signatureIds)
    {
        Called(nameof(LatestVersionsAsync));
        lock (_gate)
        {
            return Task.FromResult(signatureIds.Where(_latest.ContainsKey).ToDictionary(id => id, id => _latest[id], StringComparer.Ordinal));
        }
    }

    private void Called(string operation)
    {
        int call;
        lock (_gate)
        {
            call = Calls[operation] = Calls.GetValueOrDefault(operation) + 1;
        }
        if (Fail(operation, call))
        {
            throw new RedisConnectionException(ConnectionFailureType.SocketFailure, $"{operation} #{call}: injected Redis failure");
        }
    }
}
