using System.Globalization;
using Aimo.Data.Queries;

namespace Aimo.Admin.Formatting;

/// <summary>Filters in the URL: what pages write into their query string and read back, so a view survives a reload and can be shared.</summary>
public static class PageQuery
{
    /// <summary>"?a=1&amp;b=x" from the non-empty values, URL-encoded; "" when none.</summary>
    public static string ToQueryString(IEnumerable<KeyValuePair<string, string?>> values, params (string Key, string? Value)[] more)
    {
        var pairs = values.Select(p => (p.Key, p.Value)).Concat(more)
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}")
            .ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    public static string? Day(DateOnly? day) => day is { } d ? DateRange.Format(d) : null;

    /// <summary>The URL's budget days, a longer range than <see cref="DateRange.MaxDays"/> cut to its most recent days.</summary>
    public static (DateOnly? From, DateOnly? To) Days(string? from, string? to) =>
        DateRange.ClampDays(DateRange.ParseDay(from), DateRange.ParseDay(to));

    public static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value from a fixed set, or null (a hand-edited URL with an unknown value shows everything rather than nothing).</summary>
    public static string? OneOf(string? value, IReadOnlyCollection<string> allowed) =>
        value is not null && allowed.Contains(value) ? value : null;
}
