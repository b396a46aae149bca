using Aimo.Core.Tokens;
using Aimo.Data.Budget;

namespace Aimo.Worker.Budget;

/// <summary>
/// The budget as one batch sees it: every LLM call — first call, retry-exhausted call, JSON re-ask, split half — is
/// reserved before it is sent and settled after, at the model's price.
/// </summary>
public interface ICallBudget
{
    /// <summary>A lease for one call, or null when the budget holds this tier back (tier C at the soft limit).</summary>
    Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, CancellationToken cancellationToken);

    /// <summary>
    /// Settles a call at its reported usage. <paramref name="uncertain"/>: the call failed in a way the provider may
    /// still bill (a timeout or a broken response after the request was sent), so it is settled at its estimate.
    /// </summary>
    Task SettleAsync(BudgetLease lease, long inputTokens, long outputTokens, bool uncertain);
}
