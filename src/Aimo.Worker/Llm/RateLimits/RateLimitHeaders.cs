using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Aimo.Data.Llm;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// Reads OpenAI's rate-limit headers (<c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c>), which Azure
/// OpenAI and most OpenAI-compatible servers send too. Resets are Go durations: <c>120ms</c>, <c>1.2s</c>, <c>6m0s</c>.
/// </summary>
public static partial class RateLimitHeaders
{
    public static RateLimitReport Read(HttpResponseHeaders headers) => new(
        Number(headers, "x-ratelimit-limit-requests"), Number(headers, "x-ratelimit-remaining-requests"), Duration(headers, "x-ratelimit-reset-requests"),
        Number(headers, "x-ratelimit-limit-tokens"), Number(headers, "x-ratelimit-remaining-tokens"), Duration(headers, "x-ratelimit-reset-tokens"));

    /// <summary>A Go duration (<c>1h2m3.5s</c>, <c>250ms</c>), or plain seconds; null when unreadable.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return plainSeconds >= 0 ? TimeSpan.FromSeconds(plainSeconds) : null;
        }
        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != text.Length)
        {
            return null;
        }
        var total = 0.0;
        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => value * 3_600_000,
                "m" => value * 60_000,
                "s" => value * 1000,
                "ms" => value,
                "us" or "µs" => value / 1000,
                _ => value / 1_000_000,
            };
        }
        return TimeSpan.FromMilliseconds(total);
    }

    private static long? Number(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value : null;

    private static TimeSpan? Duration(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? ParseDuration(values.FirstOrDefault()) : null;

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex DurationPart();
}
