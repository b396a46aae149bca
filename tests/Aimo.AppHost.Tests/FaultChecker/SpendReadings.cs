namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>One chat request as llm-sim's ledger (<c>GET /sim/requests</c>) lists it.</summary>
public sealed record SimCall(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int Signatures, int PromptChars, bool Billed, decimal BilledUsd,
    bool ClientGone);

/// <summary>
/// A worker replica frozen, on the wall clock llm-sim also uses: SIGSTOP sent at <paramref name="From"/>, every process of
/// the tree signalled by <paramref name="Frozen"/>, SIGCONT done at <paramref name="To"/>.
/// </summary>
public sealed record PauseWindow(DateTimeOffset From, DateTimeOffset Frozen, DateTimeOffset To);

/// <summary>
/// The budget figures of one schedule, in micro-USD: Redis's counters for the day before and after (read after a
/// <c>/sim/reset</c> at the start and after quiescence at the end), the leases converted at their estimate
/// (<c>BudgetConverted(day)</c>, lease id → estimate), PostgreSQL's mirror, and what llm-sim billed and saw.
/// </summary>
public sealed record SpendReadings(
    DateOnly Day,
    DateOnly DayAfter,
    long SpentBefore,
    long SpentAfter,
    long ReservedAfter,
    int LeasesAfter,
    IReadOnlyDictionary<string, long> ConvertedBefore,
    IReadOnlyDictionary<string, long> ConvertedAfter,
    long? MirrorAfter,
    decimal BilledUsd,
    IReadOnlyList<SimCall> Calls,
    IReadOnlyList<PauseWindow> Pauses);
