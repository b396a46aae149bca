using System.Globalization;

namespace Aimo.LlmSimulator.Limits;

/// <summary>OpenAI's rate-limit response headers, written for each limit that is on.</summary>
public static class RateLimitHeaders
{
    /// <param name="dialect">Azure sends only the <c>remaining</c> headers; Ollama sends none.</param>
    public static void Write(HttpResponse response, Admission admission, Dialects.Dialect dialect = Dialects.Dialect.OpenAi)
    {
        if (dialect == Dialects.Dialect.Ollama) return;
        Write(response, "requests", admission.Requests, dialect);
        Write(response, "tokens", admission.Tokens, dialect);
    }

    /// <summary><c>Retry-After</c> in whole seconds (at least 1, as the header cannot say less) and <c>retry-after-ms</c>.</summary>
    public static void WriteRetryAfter(HttpResponse response, TimeSpan wait)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        var ms = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
    }

    private static void Write(HttpResponse response, string unit, LimitState? state, Dialects.Dialect dialect)
    {
        if (state is null) return;
        response.Headers[$"x-ratelimit-remaining-{unit}"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        if (dialect == Dialects.Dialect.Azure) return;
        response.Headers[$"x-ratelimit-limit-{unit}"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-reset-{unit}"] = OpenAiDuration.Format(state.ResetIn);
    }
}
