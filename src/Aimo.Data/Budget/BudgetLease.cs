using Aimo.Core.Signatures;

namespace Aimo.Data.Budget;

/// <summary>
/// One call's reservation. It lives in Redis until settled; if its worker dies or the lease expires first, the
/// sweep converts it to spend at <see cref="EstimateMicros"/> (conservatively: the call may have been billed).
/// </summary>
public sealed record BudgetLease(DateOnly Day, string Id, Tier Tier, long EstimateMicros);

/// <summary>Result of a reservation: a lease, or a refusal (tier C past the soft limit) with the counters seen.</summary>
public sealed record Reservation(BudgetLease? Lease, long SpentMicros, long ReservedMicros)
{
    public bool Allowed => Lease is not null;
}
