namespace Aimo.LlmSimulator.Billing;

/// <summary>
/// The chat requests since start or the last reset (the newest <see cref="Capacity"/>), each a <see cref="CallRecord"/>:
/// the provider's side of a run's history.
/// </summary>
public sealed class CallLedger(TimeProvider time)
{
    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<CallRecord> _records = new();
    private long _seq;

    public CallRecord Begin()
    {
        var record = new CallRecord(Interlocked.Increment(ref _seq), time.GetUtcNow());
        lock (_gate)
        {
            _records.Enqueue(record);
            while (_records.Count > Capacity)
            {
                _records.Dequeue();
            }
        }
        return record;
    }

    public void End(CallRecord record, int status, bool clientGone)
    {
        lock (record.Gate)
        {
            record.Status = status;
            record.ClientGone = clientGone;
            record.EndedAt = time.GetUtcNow();
        }
    }

    /// <summary>A consistent copy: a request still running has no <see cref="CallRecord.EndedAt"/>.</summary>
    public IReadOnlyList<CallView> Snapshot()
    {
        lock (_gate)
        {
            return [.. _records.Select(CallView.Of)];
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }
}

/// <summary>The JSON shape of one <see cref="CallRecord"/> in <c>GET /sim/requests</c>.</summary>
public sealed record CallView(long Seq, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int Status, string? Fault, string? Model,
    int Signatures, int PromptChars, bool Billed, long PromptTokens, long CompletionTokens, decimal BilledUsd, bool ClientGone,
    string? Path = null, string? Auth = null, string? SentModel = null, int? MaxTokens = null, int? MaxCompletionTokens = null)
{
    public static CallView Of(CallRecord r)
    {
        lock (r.Gate)
        {
            return new(r.Seq, r.StartedAt, r.EndedAt, r.Status, r.Fault, r.Model, r.Signatures, r.PromptChars, r.Billed, r.PromptTokens,
                r.CompletionTokens, r.BilledUsd, r.ClientGone, r.Path, r.Auth, r.SentModel, r.MaxTokens, r.MaxCompletionTokens);
        }
    }
}
