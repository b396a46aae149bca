using Aimo.Core.Signatures;

namespace Aimo.Worker.Classify;

/// <summary>Hands each batch its <see cref="ICallBudget"/>; told afterwards whether tier C was refused, so waiting C never spins.</summary>
public interface ICallBudgets
{
    ICallBudget For(Tier tier);

    /// <summary>A batch ended: a refusal closes tier C's gate until the budget could take it; a tier C grant opens it.</summary>
    void Ended(Tier tier, ICallBudget budget);
}
