namespace Aimo.Core.Budget;

/// <summary>
/// The budget day in a configured IANA time zone, read from a <see cref="TimeProvider"/> so tests control the
/// clock. A day starts at local midnight, or at the first instant after it when a DST change skips midnight.
/// <para>
/// A time-zone change never resets today's spend: it takes effect at the next midnight of the zone it replaces
/// (<see cref="ZoneChangeAt"/>). The day that starts then keeps that date until it ends in the new zone, so a
/// budget day's date never repeats and never goes backwards (the transition day may be shorter or longer than 24 h).
/// </para>
/// </summary>
public sealed class BudgetClock
{
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo? _previous;

    /// <exception cref="ArgumentException">A time zone id is unknown.</exception>
    public BudgetClock(TimeProvider time, string timeZoneId = "UTC", string? previousTimeZoneId = null, DateTimeOffset? zoneChangeAt = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        TimeZone = FindZone(timeZoneId);
        if (previousTimeZoneId is not null && zoneChangeAt is { } at)
        {
            _previous = FindZone(previousTimeZoneId);
            ZoneChangeAt = at;
        }
    }

    /// <summary>The zone in effect from <see cref="ZoneChangeAt"/> (or always, when there was no change).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>When the last time-zone change took (or takes) effect; null when there was none.</summary>
    public DateTimeOffset? ZoneChangeAt { get; }

    /// <summary>The zone replaced by the last change, while it was (or is) still in effect.</summary>
    public TimeZoneInfo? PreviousTimeZone => _previous;

    /// <summary>Today's budget day.</summary>
    public DateOnly Today => DayOf(_time.GetUtcNow());

    /// <summary>A zone change is saved but not yet in effect.</summary>
    public bool ZoneChangePending => ZoneChangeAt is { } at && _time.GetUtcNow() < at;

    /// <summary>When the next budget day starts (UTC).</summary>
    public DateTimeOffset NextDayStartsAt => StartOf(Today.AddDays(1));

    /// <summary>The budget day an instant belongs to.</summary>
    public DateOnly DayOf(DateTimeOffset instant)
    {
        if (_previous is null || ZoneChangeAt is not { } at)
        {
            return LocalDate(TimeZone, instant);
        }
        if (instant < at)
        {
            return LocalDate(_previous, instant);
        }
        var first = LocalDate(_previous, at);
        var local = LocalDate(TimeZone, instant);
        return local > first ? local : first;
    }

    /// <summary>The first instant (UTC) of a budget day.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        if (_previous is null || ZoneChangeAt is not { } at)
        {
            return LocalMidnight(TimeZone, day);
        }
        var before = LocalMidnight(_previous, day);
        if (before < at)
        {
            return before;
        }
        var after = LocalMidnight(TimeZone, day);
        return after > at ? after : at;
    }

    private static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static DateTimeOffset LocalMidnight(TimeZoneInfo zone, DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight can fall in a DST gap (e.g. America/Santiago): the day starts when the clock resumes.
        var guard = 0;
        while (zone.IsInvalidTime(local) && guard++ < 24 * 60)
        {
            local = local.AddMinutes(1);
        }
        // When midnight happens twice, the day starts at the first one: the larger offset.
        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    internal static TimeZoneInfo FindZone(string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            throw new ArgumentException("The budget time zone is empty; use an IANA id such as \"UTC\" or \"Europe/Berlin\".", nameof(timeZoneId));
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException(
                $"Unknown budget time zone \"{timeZoneId}\"; use an IANA id such as \"UTC\" or \"Europe/Berlin\".", nameof(timeZoneId), ex);
        }
    }
}
