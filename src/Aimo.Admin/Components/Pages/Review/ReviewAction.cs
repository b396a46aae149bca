namespace Aimo.Admin.Components.Pages.Review;

public enum ReviewActionKind
{
    Requeue,
    Resolve,
    Dismiss,
}

/// <summary>What the operator confirmed in <see cref="ReviewActionDialog"/>; category and risk only for a resolution.</summary>
public sealed record ReviewDecision(ReviewActionKind Kind, string? Category = null, string? Risk = null, string? Note = null);
