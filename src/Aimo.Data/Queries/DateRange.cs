using System.Globalization;
using Aimo.Core.Budget;

namespace Aimo.Data.Queries;

/// <summary>
/// A half-open range of instants [<see cref="From"/>, <see cref="To"/>); a null end is open. Pages and exports take
/// budget days (<c>2026-11-29</c>: that day in the budget's time zone, <c>to</c> including the whole day) or exact
/// instants with an offset (<c>2026-11-29T08:00:00Z</c>). A range spans at most <see cref="MaxDays"/> days: the API
/// refuses a longer one, pages cut it to its most recent days, so a hand-edited URL spanning a century can neither
/// build a bucket per day of it nor scan it.
/// </summary>
public sealed record DateRange(DateTimeOffset? From, DateTimeOffset? To)
{
    public static readonly DateRange All = new(null, null);

    /// <summary>The longest range a page, chart or export takes: a year and a month.</summary>
    public const int MaxDays = 400;

    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(MaxDays);

    /// <summary>A page's budget days cut to <see cref="MaxDays"/>, keeping the end (the most recent days are what a view is about).</summary>
    public static (DateOnly? From, DateOnly? To) ClampDays(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && t.DayNumber - f.DayNumber >= MaxDays ? (t.AddDays(1 - MaxDays), t) : (from, to);

    /// <summary>From the start of budget day <paramref name="from"/> to the end of budget day <paramref name="to"/>.</summary>
    public static DateRange FromDays(DateOnly? from, DateOnly? to, BudgetClock clock) =>
        new(from is { } f ? clock.StartOf(f) : null, to is { } t ? clock.StartOf(t.AddDays(1)) : null);

    /// <summary>Parses <c>from</c>/<c>to</c> query values; adds a message per bad value to <paramref name="errors"/>.</summary>
    public static DateRange Parse(string? from, string? to, BudgetClock clock, IDictionary<string, string[]> errors)
    {
        var start = ParseEnd("from", from, clock, isEnd: false, errors);
        var end = ParseEnd("to", to, clock, isEnd: true, errors);
        if (start is { } s && end is { } e && s >= e)
        {
            errors["to"] = ["to must be after from."];
        }
        // Rounded to whole days: a range of budget days is an hour longer or shorter than its days across a clock change.
        else if (start is { } s2 && end is { } e2 && Math.Round((e2 - s2).TotalDays) > MaxDays)
        {
            errors["to"] = [$"The range from from to to may span at most {MaxDays} days; split a longer export into several."];
        }
        return new DateRange(start, end);
    }

    /// <summary>A day as the pages write it in their URL.</summary>
    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static DateTimeOffset? ParseEnd(string name, string? value, BudgetClock clock, bool isEnd, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (ParseDay(value.Trim()) is { } day)
        {
            return clock.StartOf(isEnd ? day.AddDays(1) : day);
        }
        // Only instants that say their offset: "2026-11-29T08:00" alone would silently mean the server's zone.
        if (value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (value.TrimEnd().EndsWith('Z') || HasOffset(value)))
        {
            return instant;
        }
        errors[name] = [$"{name} must be a date (yyyy-MM-dd, a budget day) or an ISO 8601 instant with an offset, e.g. 2026-11-29T08:00:00Z."];
        return null;
    }

    private static bool HasOffset(string value)
    {
        var time = value[(value.IndexOf('T', StringComparison.Ordinal) + 1)..];
        return time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }
}
