using Aimo.Core.Signatures;

namespace Aimo.Data.Budget;

/// <summary>A day's counters in micro-dollars; <see cref="Refused"/> counts refused tier C reservations.</summary>
public sealed record BudgetCounters(long SpentMicros, long ReservedMicros, long Refused, IReadOnlyDictionary<Tier, long> SpentMicrosByTier);
