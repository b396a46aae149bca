using System.Collections.Concurrent;
using System.Diagnostics;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// One ingest request and its answer. <paramref name="Status"/> 0: no answer (the client gave up or the connection
/// broke), so whether it was accepted is unknown. <paramref name="Versions"/>: for a 202, each sent id and the version it
/// was accepted as (null: a duplicate).
/// </summary>
public sealed record IngestRecord(TimeSpan SentAt, TimeSpan AnsweredAt, StepKind Kind, IReadOnlyList<string> Ids, int Status,
    IReadOnlyList<long?> Versions)
{
    public bool Accepted => Status == 202;

    /// <summary>No answer, or an answer that does not say whether it stored anything (anything 5xx but the documented 503).</summary>
    public bool Indeterminate => Status == 0 || (Status >= 500 && Status != 503);
}

/// <summary>One <c>GET /api/signatures/{id}</c> answered 200: the version and status it reported.</summary>
public sealed record PollRecord(TimeSpan SentAt, TimeSpan AnsweredAt, string Id, long Version, string Status);

/// <summary>
/// Everything the clients saw during a schedule, timestamped on one monotonic clock (a request's send and answer times
/// order it against others: what answered before another was sent happened before it).
/// </summary>
public sealed class History
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<IngestRecord> _ingests = new();
    private readonly ConcurrentQueue<PollRecord> _polls = new();

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<IngestRecord> Ingests => [.. _ingests];

    public IReadOnlyList<PollRecord> Polls => [.. _polls];

    public void Add(IngestRecord record) => _ingests.Enqueue(record);

    public void Add(PollRecord record) => _polls.Enqueue(record);

    /// <summary>Every id some 202 accepted a version of, with the highest such version.</summary>
    public static Dictionary<string, long> LatestAccepted(IEnumerable<IngestRecord> ingests)
    {
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in ingests.Where(r => r.Accepted))
        {
            for (var i = 0; i < record.Ids.Count; i++)
            {
                if (record.Versions[i] is { } version && version > latest.GetValueOrDefault(record.Ids[i], long.MinValue))
                {
                    latest[record.Ids[i]] = version;
                }
            }
        }
        return latest;
    }
}
