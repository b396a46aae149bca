namespace Aimo.Core.Budget;

/// <summary>Whether a batch may be sent now, and why.</summary>
public sealed record BudgetDecision(bool Allowed, string Reason)
{
    public bool Deferred => !Allowed;
}
