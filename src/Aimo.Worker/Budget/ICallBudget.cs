using Aimo.Core.Tokens;
using Aimo.Data.Budget;

namespace Aimo.Worker.Budget;

/// <summary>
/// The budget as one batch sees it: every HTTP attempt that may be billed — a call's first attempt, each retry of the
/// one retry layer, each JSON re-ask and split half — holds a reservation while it runs and is settled after, at the
/// model's price. Reservations and settlements carry their lease id, so one retried after a Redis timeout counts once.
/// </summary>
public interface ICallBudget
{
    /// <summary>A lease for a call's first attempt, or null when the budget holds this tier back (tier C at the soft limit).</summary>
    Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, CancellationToken cancellationToken);

    /// <summary>A lease for a further attempt of a call already admitted: never refused, the call is under way.</summary>
    Task<BudgetLease> ReserveRetryAsync(TokenEstimate estimate, CancellationToken cancellationToken);

    /// <summary>Settles an attempt: at its reported usage, at its estimate (it may have been billed unseen), or at nothing.</summary>
    Task SettleAsync(BudgetLease lease, AttemptBill bill);

    /// <summary>The estimate of the reservation that was refused, if one was.</summary>
    long? RefusedEstimateMicros { get; }

    /// <summary>Sum of this batch's settlements, in micro-dollars (what its record's actual cost says).</summary>
    long SettledMicros { get; }

    /// <summary>The day of the last settlement and the day's spend right after it: what the commit mirrors to PostgreSQL.</summary>
    BudgetMirror? LastSettlement { get; }
}

/// <summary>The day's spend after a batch's last settlement, mirrored to <c>budget_days</c> in the batch's transaction.</summary>
public sealed record BudgetMirror(DateOnly Day, decimal BudgetUsd, long SpentMicros);

/// <summary>What one attempt is settled at.</summary>
/// <param name="CachedInputTokens">Of <paramref name="InputTokens"/>, those the provider read from its prompt cache.</param>
public readonly record struct AttemptBill(long InputTokens, long OutputTokens, bool AtEstimate, long CachedInputTokens = 0)
{
    /// <summary>The provider's reported usage.</summary>
    public static AttemptBill Usage(long input, long output, long cachedInput = 0) => new(input, output, false, cachedInput);

    /// <summary>Sent, but ended without a complete answer (a timeout, a broken or stalled body): the provider may bill it.</summary>
    public static AttemptBill Estimate { get; } = new(0, 0, true);

    /// <summary>Never sent, or answered with an error, which providers do not bill.</summary>
    public static AttemptBill Nothing { get; } = new(0, 0, false);
}
