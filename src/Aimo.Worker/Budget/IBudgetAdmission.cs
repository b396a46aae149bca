using Aimo.Core.Signatures;

namespace Aimo.Worker.Budget;

/// <summary>
/// The worker's one budget module: whether a tier's work may be taken now, and each batch's reservations at the model's
/// price. The rule itself is <see cref="Aimo.Core.Budget.BudgetPolicy"/>'s (and the reservation script's, held to it by
/// a property test); this is where the worker asks it.
/// </summary>
public interface IBudgetAdmission
{
    /// <summary>
    /// Whether the intake may take <paramref name="tier"/>'s work now: A and B always; C unless its last batch was
    /// refused and the budget could still not take that estimate (checked no more often than the retry interval).
    /// </summary>
    Task<bool> MayTakeAsync(Tier tier, CancellationToken cancellationToken);

    /// <summary>A batch's budget: one reservation per billed attempt, at the model's price, settled after.</summary>
    ICallBudget Open(Tier tier);

    /// <summary>A batch ended: a refusal closes tier C's gate until the budget could take it; a tier C grant opens it.</summary>
    void Close(Tier tier, ICallBudget budget);
}
