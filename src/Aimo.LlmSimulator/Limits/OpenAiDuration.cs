using System.Globalization;
using System.Text;

namespace Aimo.LlmSimulator.Limits;

/// <summary>
/// Durations as OpenAI writes them in <c>x-ratelimit-reset-*</c> headers and 429 messages (Go's duration format,
/// to the millisecond): <c>120ms</c>, <c>1s</c>, <c>1.2s</c>, <c>6m0s</c>, <c>1h0m0s</c>.
/// </summary>
public static class OpenAiDuration
{
    public static string Format(TimeSpan duration)
    {
        var ms = (long)Math.Ceiling(duration.TotalMilliseconds);
        if (ms <= 0) return "0s";
        if (ms < 1000) return ms.ToString(CultureInfo.InvariantCulture) + "ms";

        var text = new StringBuilder();
        var hours = ms / 3_600_000;
        var minutes = ms / 60_000 % 60;
        if (hours > 0) text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        if (hours > 0 || minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        var seconds = ms % 60_000 / 1000.0;
        text.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }
}
