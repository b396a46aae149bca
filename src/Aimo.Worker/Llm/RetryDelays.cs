using System.Net.Http.Headers;

namespace Aimo.Worker.Llm;

/// <summary>
/// The design document's retry delays as a pure function: retry n (0-based attempt number) waits
/// (n + 1) × base + jitter, unless the provider sent Retry-After, which wins up to a cap.
/// </summary>
public static class RetryDelays
{
    public static TimeSpan Compute(
        int attemptNumber, TimeSpan baseDelay, TimeSpan maxJitter, TimeSpan maxRetryAfter,
        RetryConditionHeaderValue? retryAfter, DateTimeOffset now, double jitterSample)
    {
        if (FromRetryAfter(retryAfter, now) is { } requested)
        {
            return requested > maxRetryAfter ? maxRetryAfter : requested;
        }
        var jitter = TimeSpan.FromTicks((long)(maxJitter.Ticks * Math.Clamp(jitterSample, 0, 1)));
        return (baseDelay * (attemptNumber + 1)) + jitter;
    }

    public static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
