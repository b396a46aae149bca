using System.Globalization;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Admin.Formatting;

/// <summary>X-axis labels in the budget's time zone: about a dozen at most, so they stay readable.</summary>
public static class ChartLabels
{
    public const int MaxLabels = 12;

    public static string[] For(TimeBuckets buckets)
    {
        var step = Math.Max(1, (int)Math.Ceiling(buckets.Count / (double)MaxLabels));
        var multiDay = buckets.Size == BucketSize.Hour && buckets.LocalStart(0).Date != buckets.LocalStart(buckets.Count - 1).Date;
        var format = buckets.Size == BucketSize.Day ? "MM-dd" : multiDay ? "MM-dd HH:00" : "HH:00";
        return Enumerable.Range(0, buckets.Count)
            .Select(i => i % step == 0 ? buckets.LocalStart(i).ToString(format, CultureInfo.InvariantCulture) : "")
            .ToArray();
    }

    /// <summary>"2026-11-29 14:00 – 2026-11-30 14:00" (local, end exclusive).</summary>
    public static string Range(TimeBuckets buckets)
    {
        var format = buckets.Size == BucketSize.Day ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm";
        var end = TimeZoneInfo.ConvertTime(buckets.End, buckets.Zone).DateTime;
        var last = buckets.Size == BucketSize.Day ? end.AddDays(-1) : end;
        return $"{buckets.LocalStart(0).ToString(format, CultureInfo.InvariantCulture)} – {last.ToString(format, CultureInfo.InvariantCulture)}";
    }
}

/// <summary>Y-axis numbers people read at a glance.</summary>
public static class ChartAxis
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>1,200 → "1.2k", 3,400,000 → "3.4M", 0.25 → "0.25".</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", Culture) + "M",
        >= 1_000 => (value / 1_000).ToString("0.#", Culture) + "k",
        _ => value.ToString("0.##", Culture),
    };

    public static string Milliseconds(double value) => value <= 0 ? "0" : Fmt.Duration(value);

    public static string Percent(double value) => value.ToString("0.#", Culture) + "%";
}
