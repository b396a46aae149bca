using Aimo.Core.Signatures;

namespace Aimo.Data.Budget;

/// <summary>The budget's Redis layout: only <see cref="BudgetLedger"/>'s scripts change these keys.</summary>
public static class BudgetKeys
{
    /// <summary>
    /// The budget counters of one budget day: a hash of integer micro-USD fields (<see cref="SpentMicrosField"/>,
    /// <see cref="ReservedMicrosField"/>, spent per tier), the count of refused reservations, and
    /// <see cref="SeededField"/> once the day was seeded from PostgreSQL.
    /// </summary>
    public static string Day(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}";

    /// <summary>Every day's counters hash (a Redis glob), without the leases, conversions and settlements.</summary>
    public const string DayPattern = "aimo:budget:????-??-??";

    /// <summary>Every budget key (a Redis glob).</summary>
    public const string Pattern = "aimo:budget:*";

    /// <summary>Reservations in flight on a budget day: lease id → "estimate|tier|consumer|expires-unix-ms".</summary>
    public static string Leases(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}:leases";

    /// <summary>Leases converted to spend at their estimate (worker gone or lease expired): lease id → "estimate|tier".</summary>
    public static string Converted(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}:converted";

    /// <summary>
    /// Leases settled (or released) on a budget day: lease id → actual micro-USD. A settle or reserve retried after a
    /// timeout finds its lease here and changes nothing: each lease is counted once.
    /// </summary>
    public static string Settled(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}:settled";

    public const string SpentMicrosField = "spent_micros";
    public const string ReservedMicrosField = "reserved_micros";
    public const string RefusedField = "refused";
    public const string SeededField = "seeded";

    /// <summary>The day's spend of one tier, e.g. <c>spent_micros:A</c>.</summary>
    public static string TierSpentMicrosField(Tier tier) => $"spent_micros:{tier}";

    /// <summary>Pub/sub channel on which a settings change is announced so workers reload at once.</summary>
    public const string SettingsChangedChannel = "aimo:settings-changed";
}
