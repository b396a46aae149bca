using Aimo.Worker.Budget;
using Aimo.Core.Tokens;
using Aimo.Data.Budget;
using Aimo.Data.Llm;
using Aimo.Worker.Classify;

namespace Aimo.Worker.Llm;

/// <summary>
/// One LLM call as the HTTP pipeline sees it: an AsyncLocal begun before the call and read by
/// <see cref="LlmAttemptHandler"/> inside the retry layer, where every attempt passes. It holds the call's budget (a
/// lease per attempt), its rate-limit charge, and what its attempts met: how many, the last status, and whether one
/// ended without a complete answer — an attempt the provider may bill although the client never saw its usage.
/// </summary>
public sealed class LlmCall : IDisposable
{
    private static readonly AsyncLocal<LlmCall?> CurrentCall = new();
    private readonly LlmCall? _previous;
    private readonly ICallBudget? _budget;
    private readonly TokenEstimate _estimate;
    private BudgetLease? _lease;
    private int _attempts;
    private int _incomplete;

    private LlmCall(ICallBudget? budget, BudgetLease? firstLease, TokenEstimate estimate)
    {
        _budget = budget;
        _lease = firstLease;
        _estimate = estimate;
        _previous = CurrentCall.Value;
        CurrentCall.Value = this;
    }

    public static LlmCall? Current => CurrentCall.Value;

    /// <summary>Begins a call whose first attempt holds <paramref name="firstLease"/>; each further attempt reserves its own.</summary>
    public static LlmCall Begin(ICallBudget? budget = null, BudgetLease? firstLease = null, TokenEstimate estimate = default) =>
        new(budget, firstLease, estimate);

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>An attempt was sent but ended without a complete response (timeout, broken or stalled body).</summary>
    public bool AnyIncomplete => Volatile.Read(ref _incomplete) > 0;

    /// <summary>Status of the last HTTP response, or null when the last attempt got none.</summary>
    public int? LastStatus { get; private set; }

    /// <summary>Tokens the rate limits charged the call at admission (prompt + output limit).</summary>
    public long Tokens { get; private set; }

    /// <summary>The latest rate-limit charge's marks; null when the shared buckets could not be reached for it.</summary>
    public RateLimitCharge? Mark { get; internal set; }

    /// <summary>The provider counted the last attempt (it answered other than 429, or never answered), so another one is charged again.</summary>
    public bool LastAttemptCounted { get; internal set; }

    internal void Admitted(long tokens, RateLimitCharge? mark)
    {
        Tokens = tokens;
        Mark = mark;
    }

    /// <summary>An attempt starts: counted, and from the second on, reserved (the first holds the call's lease).</summary>
    internal async Task BeginAttemptAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (_budget is not null && _lease is null)
        {
            _lease = await _budget.ReserveRetryAsync(_estimate, cancellationToken);
        }
    }

    internal void RecordStatus(int? status) => LastStatus = status;

    /// <summary>An attempt failed: its lease is settled at once, at its estimate when it may be billed, else at nothing.</summary>
    internal Task FailAttemptAsync(bool mayBeBilled)
    {
        if (mayBeBilled)
        {
            Interlocked.Increment(ref _incomplete);
        }
        return SettleAsync(mayBeBilled ? AttemptBill.Estimate : AttemptBill.Nothing);
    }

    /// <summary>Settles the lease of the attempt that answered (at its usage), or of one cut short (after the call threw).</summary>
    public async Task SettleAsync(AttemptBill bill)
    {
        if (Interlocked.Exchange(ref _lease, null) is { } lease && _budget is not null)
        {
            await _budget.SettleAsync(lease, bill);
        }
    }

    public void Dispose() => CurrentCall.Value = _previous;
}
