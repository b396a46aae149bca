using System.Globalization;

namespace Aimo.Admin.Formatting;

/// <summary>Numbers for humans: currency, durations, thousands, percentages. Invariant culture, so every operator sees the same.</summary>
public static class Fmt
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>$1,234.56; small amounts keep enough digits to be non-zero ($0.0042).</summary>
    public static string Usd(decimal? value)
    {
        if (value is not { } v) return "—";
        var abs = Math.Abs(v);
        var format = abs == 0 || abs >= 1 ? "#,##0.00" : abs >= 0.01m ? "0.00##" : "0.00####";
        return (v < 0 ? "-$" : "$") + abs.ToString(format, Culture);
    }

    public static string Thousands(long? value) => value is { } v ? v.ToString("#,##0", Culture) : "—";

    /// <summary>A fraction 0..1 as a percentage: 0.953 → "95.3%".</summary>
    public static string Percent(double? fraction, int decimals = 1) =>
        fraction is { } f && double.IsFinite(f) ? (f * 100).ToString("0." + new string('0', decimals), Culture) + "%" : "—";

    /// <summary>Milliseconds as 850 ms, 1.25 s, 2 min 5 s, 1 h 3 min.</summary>
    public static string Duration(double? milliseconds)
    {
        if (milliseconds is not { } ms || !double.IsFinite(ms)) return "—";
        if (ms < 1000) return ms.ToString("0", Culture) + " ms";
        if (ms < 60_000) return (ms / 1000).ToString("0.##", Culture) + " s";
        var t = TimeSpan.FromMilliseconds(ms);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : $"{t.Minutes} min {t.Seconds} s";
    }

    public static string Duration(TimeSpan span) => Duration(span.TotalMilliseconds);

    /// <summary>UTC instant as "2026-11-29 14:05:09" in UTC (operators compare against logs, which are UTC).</summary>
    public static string Time(DateTimeOffset? instant) =>
        instant is { } i ? i.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Culture) : "—";

    /// <summary>"soft_limited" → "Soft limited".</summary>
    public static string Label(string? wire) =>
        string.IsNullOrEmpty(wire) ? "—" : char.ToUpperInvariant(wire[0]) + wire[1..].Replace('_', ' ');
}
