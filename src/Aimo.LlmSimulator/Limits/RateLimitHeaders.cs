using System.Globalization;

namespace Aimo.LlmSimulator.Limits;

/// <summary>OpenAI's rate-limit response headers, written for each limit that is on.</summary>
public static class RateLimitHeaders
{
    public static void Write(HttpResponse response, Admission admission)
    {
        Write(response, "requests", admission.Requests);
        Write(response, "tokens", admission.Tokens);
    }

    /// <summary><c>Retry-After</c> in whole seconds (at least 1, as the header cannot say less) and <c>retry-after-ms</c>.</summary>
    public static void WriteRetryAfter(HttpResponse response, TimeSpan wait)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        var ms = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
    }

    private static void Write(HttpResponse response, string unit, LimitState? state)
    {
        if (state is null) return;
        response.Headers[$"x-ratelimit-limit-{unit}"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-remaining-{unit}"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-reset-{unit}"] = OpenAiDuration.Format(state.ResetIn);
    }
}
