namespace Aimo.Core.Budget;

/// <summary>Where today's spend stands. Serialized snake_case: open, soft_limited, exhausted.</summary>
public enum BudgetState
{
    Open,
    SoftLimited,
    Exhausted,
}
