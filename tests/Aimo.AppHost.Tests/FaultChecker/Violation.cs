namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>What a history can be caught doing wrong; the number is the brief's check it belongs to.</summary>
public enum ViolationKind
{
    /// <summary>1: an id some 202 accepted is not classified or in needs_review at the end.</summary>
    NotFinished,
    /// <summary>1: an id ends at a version other than the latest a 202 returned for it.</summary>
    WrongVersion,
    /// <summary>1: an id in needs_review has no review item with a reason.</summary>
    ReviewWithoutReason,
    /// <summary>2: more than one model result (llm or reuse) for one (signature, version).</summary>
    DuplicateResult,
    /// <summary>3: a status poll reported an older version than a poll answered before it was sent.</summary>
    VersionWentBack,
    /// <summary>3: a status poll reported an older version than a 202 had already returned for the id.</summary>
    StaleAfterAck,
    /// <summary>4: the budget recorded less than llm-sim billed.</summary>
    SpendBelowBilled,
    /// <summary>4: the budget recorded more than billed plus what may have been billed unseen.</summary>
    SpendAboveBound,
    /// <summary>4: a reservation was still held after quiescence (the spend was not final).</summary>
    ReservationLeft,
    /// <summary>5: PostgreSQL's spend mirror differs from Redis's spend counter after quiescence.</summary>
    MirrorMismatch,
    /// <summary>6: a batch went to review as llm_unavailable with fewer than 3 attempts (or with no batch recorded).</summary>
    ReviewTooFewAttempts,
}

public sealed record Violation(ViolationKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}
