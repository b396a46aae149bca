using System.Text.Json;
using Aimo.Core.Budget;

namespace Aimo.Data.Budget;

/// <summary>Queue depth per tier (entries not yet finished by the worker).</summary>
public sealed record QueueDepths(long A, long B, long C);

/// <summary>Today's budget as the API and the admin UI show it: the settings, the live counters and what they mean.</summary>
/// <param name="State">"open", "soft_limited" or "exhausted".</param>
/// <param name="OverspendUsd">Spend past 100 % of the budget (tier A and B, which always go).</param>
/// <param name="RefusedReservations">Tier C calls refused today at the soft limit.</param>
/// <param name="PendingTimeZone">A time-zone change that takes effect at <paramref name="TimeZoneChangeAt"/>; null when none is pending.</param>
public sealed record BudgetView(
    DateOnly Day, string TimeZone, decimal BudgetUsd, decimal SpentUsd, decimal ReservedUsd,
    decimal SoftLimitFraction, string State, QueueDepths Queued,
    decimal SoftLimitUsd, decimal RemainingUsd, decimal OverspendUsd,
    IReadOnlyDictionary<string, decimal> SpentByTierUsd, long RefusedReservations,
    DateTimeOffset DayStartsAt, DateTimeOffset NextDayStartsAt, string? PendingTimeZone, DateTimeOffset? TimeZoneChangeAt)
{
    /// <summary>The view of today's counters under these settings; state and remainders come from <see cref="BudgetSnapshot"/>.</summary>
    public static BudgetView Create(BudgetSettings settings, BudgetClock clock, BudgetCounters counters, QueueDepths queued)
    {
        var day = clock.Today;
        var snapshot = new BudgetSnapshot(settings.Limits, counters.SpentMicros, counters.ReservedMicros);
        var pending = clock.ZoneChangePending;
        return new BudgetView(day, pending ? settings.PreviousTimeZone! : settings.TimeZone, settings.DailyBudgetUsd,
            Micros.ToUsd(snapshot.SpentMicros), Micros.ToUsd(snapshot.ReservedMicros), settings.SoftLimitFraction,
            JsonNamingPolicy.SnakeCaseLower.ConvertName(snapshot.State.ToString()), queued,
            Micros.ToUsd(settings.Limits.SoftLimitMicros), Micros.ToUsd(snapshot.RemainingMicros), Micros.ToUsd(snapshot.OverspendMicros),
            counters.SpentMicrosByTier.ToDictionary(p => p.Key.ToString(), p => Micros.ToUsd(p.Value)), counters.Refused,
            clock.StartOf(day), clock.NextDayStartsAt, pending ? settings.TimeZone : null, pending ? settings.ZoneChangeAt : null);
    }
}
