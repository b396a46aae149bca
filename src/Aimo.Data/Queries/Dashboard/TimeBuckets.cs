using Aimo.Core.Budget;

namespace Aimo.Data.Queries.Dashboard;

public enum BucketSize
{
    Hour,
    Day,
}

/// <summary>
/// Consecutive time buckets [Bounds[i], Bounds[i + 1]) in the budget's time zone: whole local hours, or budget days.
/// Charts get one value per bucket, so an hour without batches is a zero bar or a gap in a line, never skipped (a
/// skipped hour is what made a line run straight across twenty empty hours). PostgreSQL aggregates into exactly
/// these bounds (<c>width_bucket</c>), so C# and SQL never disagree about where an hour or a day starts.
/// </summary>
public sealed record TimeBuckets(BucketSize Size, IReadOnlyList<DateTimeOffset> Bounds, TimeZoneInfo Zone)
{
    /// <summary>Ranges up to this long are shown per hour; longer ones per budget day.</summary>
    public static readonly TimeSpan MaxHourlyRange = TimeSpan.FromHours(72);

    public int Count => Bounds.Count - 1;

    public DateTimeOffset Start => Bounds[0];

    public DateTimeOffset End => Bounds[^1];

    /// <summary>The local (budget time zone) wall-clock start of bucket <paramref name="index"/>.</summary>
    public DateTime LocalStart(int index) => TimeZoneInfo.ConvertTime(Bounds[index], Zone).DateTime;

    /// <summary>
    /// Per hour when the range is at most <see cref="MaxHourlyRange"/>, else per budget day. A range longer than
    /// <see cref="DateRange.MaxSpan"/> keeps only its most recent part: a century would be 36,500 buckets to build,
    /// query and draw.
    /// </summary>
    public static TimeBuckets For(DateTimeOffset from, DateTimeOffset to, BudgetClock clock)
    {
        if (to - from > DateRange.MaxSpan)
        {
            from = to - DateRange.MaxSpan;
        }
        return to - from <= MaxHourlyRange
            ? Hours(from, to, clock.TimeZone)
            : Days(clock.DayOf(from), clock.DayOf(to.AddTicks(-1)), clock);
    }

    /// <summary>The local hours that overlap [from, to).</summary>
    public static TimeBuckets Hours(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to);
        var bounds = new List<DateTimeOffset> { HourStart(from, zone) };
        while (bounds[^1] < to)
        {
            var next = HourStart(bounds[^1].AddHours(1), zone);
            bounds.Add(next > bounds[^1] ? next : bounds[^1].AddHours(1));
        }
        return new TimeBuckets(BucketSize.Hour, bounds, zone);
    }

    /// <summary>Budget days <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static TimeBuckets Days(DateOnly first, DateOnly last, BudgetClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, last);
        var bounds = new List<DateTimeOffset>();
        for (var day = first; day <= last.AddDays(1); day = day.AddDays(1))
        {
            bounds.Add(clock.StartOf(day));
        }
        return new TimeBuckets(BucketSize.Day, bounds, clock.TimeZone);
    }

    /// <summary>The start of the local hour holding <paramref name="instant"/> (works for zones offset by half hours too).</summary>
    private static DateTimeOffset HourStart(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var intoHour = TimeSpan.FromTicks(local.TimeOfDay.Ticks % TimeSpan.TicksPerHour);
        return (instant - intoHour).ToUniversalTime();
    }

    /// <summary>The bounds as PostgreSQL's <c>width_bucket</c> takes them: UTC timestamps, ascending.</summary>
    internal DateTime[] SqlBounds() => Bounds.Select(b => b.UtcDateTime).ToArray();
}
