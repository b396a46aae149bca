using Aimo.Data.Queries;

namespace Aimo.Data.Operations;

public enum ReviewActionOutcome
{
    /// <summary>The action was applied now.</summary>
    Done,
    /// <summary>The same action had already been applied; nothing changed.</summary>
    AlreadyDone,
    NotFound,
    /// <summary>The item was already acted on differently, or cannot take this action.</summary>
    Conflict,
    /// <summary>The input is invalid; see <see cref="ReviewActionResult.Errors"/>.</summary>
    Invalid,
}

public sealed record ReviewActionResult(ReviewActionOutcome Outcome, ReviewItemView? Item, string? Message = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);
