namespace Aimo.Core.Budget;

/// <summary>
/// The budget day in a configured IANA time zone, read from a <see cref="TimeProvider"/> so tests
/// control the clock. A day starts at local midnight, or at the first instant after it when a DST
/// change skips midnight.
/// </summary>
public sealed class BudgetClock
{
    private readonly TimeProvider _time;

    /// <exception cref="ArgumentException">The time zone id is unknown.</exception>
    public BudgetClock(TimeProvider time, string timeZoneId = "UTC")
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        TimeZone = FindZone(timeZoneId);
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Today's budget day.</summary>
    public DateOnly Today => DayOf(_time.GetUtcNow());

    /// <summary>When the next budget day starts (UTC).</summary>
    public DateTimeOffset NextDayStartsAt => StartOf(Today.AddDays(1));

    /// <summary>The budget day an instant belongs to.</summary>
    public DateOnly DayOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The first instant (UTC) of a budget day.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight can fall in a DST gap (e.g. America/Santiago): the day starts when the clock resumes.
        var guard = 0;
        while (TimeZone.IsInvalidTime(local) && guard++ < 24 * 60)
        {
            local = local.AddMinutes(1);
        }
        // When midnight happens twice, the day starts at the first one: the larger offset.
        var offset = TimeZone.IsAmbiguousTime(local)
            ? TimeZone.GetAmbiguousTimeOffsets(local).Max()
            : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static TimeZoneInfo FindZone(string timeZoneId)
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
