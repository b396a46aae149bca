using System.Collections.Concurrent;
using Aimo.LlmSimulator.Billing;

namespace Aimo.LlmSimulator.Faults;

/// <summary>
/// Counts chat requests by outcome for <c>GET /sim/stats</c>: <c>ok</c>, a fault name (<c>http500</c>, ...), or a
/// refusal of the real API's kind (<c>bad_request</c>, <c>unauthorized</c>, <c>model_not_found</c>,
/// <c>rate_limit_requests</c>, <c>rate_limit_tokens</c>).
/// </summary>
public sealed class SimulatorStats
{
    public const string Ok = "ok";
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string ModelNotFound = "model_not_found";
    public const string RateLimitRequests = "rate_limit_requests";
    public const string RateLimitTokens = "rate_limit_tokens";

    private readonly ConcurrentDictionary<string, long> _counts = new();
    private long _total;
    private long _promptTokens;
    private long _completionTokens;
    private long _admitted;
    private long _chargedTokens;

    /// <summary>What a provider would have billed for the requests since start or the last reset.</summary>
    public Bill Bill { get; } = new();

    /// <summary>What the lines of batch jobs were billed, at the Batch API's price; not part of <see cref="Bill"/>.</summary>
    public Bill BatchBill { get; } = new(batch: true);

    public void Record(string outcome, int promptTokens = 0, int completionTokens = 0)
    {
        _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _completionTokens, completionTokens);
    }

    /// <summary>A request the rate limits admitted, charged <paramref name="tokens"/> against the token limit (prompt + output limit).</summary>
    public void Admitted(long tokens)
    {
        Interlocked.Increment(ref _admitted);
        Interlocked.Add(ref _chargedTokens, tokens);
    }

    public StatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _total),
        new SortedDictionary<string, long>(_counts),
        Interlocked.Read(ref _promptTokens),
        Interlocked.Read(ref _completionTokens),
        Interlocked.Read(ref _admitted),
        Interlocked.Read(ref _chargedTokens),
        Bill.Snapshot(),
        BatchBill.Snapshot());

    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _promptTokens, 0);
        Interlocked.Exchange(ref _completionTokens, 0);
        Interlocked.Exchange(ref _admitted, 0);
        Interlocked.Exchange(ref _chargedTokens, 0);
        Bill.Reset();
        BatchBill.Reset();
    }
}

/// <summary>Counts since start or the last reset.</summary>
/// <param name="AdmittedRequests">Chat requests the rate limits admitted: what the requests-per-minute limit counts.</param>
/// <param name="ChargedTokens">Tokens those requests were charged at admission: what the tokens-per-minute limit counts.</param>
/// <param name="Billed">What a provider bills: the tokens of every completion produced (see <see cref="Billing.Bill"/>), priced.</param>
/// <param name="BatchBilled">The same for the lines of batch jobs, at the Batch API's price.</param>
public sealed record StatsSnapshot(
    long Total,
    IReadOnlyDictionary<string, long> ByOutcome,
    long PromptTokens,
    long CompletionTokens,
    long AdmittedRequests,
    long ChargedTokens,
    BillSnapshot Billed,
    BillSnapshot BatchBilled);
