using System.Net.Http.Headers;

namespace Aimo.Worker.Llm;

/// <summary>
/// The design document's retry delays as a pure function: retry n (0-based attempt number) waits (n + 1) × base +
/// jitter. A provider's Retry-After is honoured (up to a cap), but never shortens the seed's delay: "retry now"
/// from an overloaded provider would only spend an attempt.
/// </summary>
public static class RetryDelays
{
    public static TimeSpan Compute(
        int attemptNumber, TimeSpan baseDelay, TimeSpan maxJitter, TimeSpan maxRetryAfter,
        RetryConditionHeaderValue? retryAfter, DateTimeOffset now, double jitterSample)
    {
        var jitter = TimeSpan.FromTicks((long)(maxJitter.Ticks * Math.Clamp(jitterSample, 0, 1)));
        var seed = (baseDelay * (attemptNumber + 1)) + jitter;
        if (FromRetryAfter(retryAfter, now) is { } requested)
        {
            var honoured = requested > maxRetryAfter ? maxRetryAfter : requested;
            return honoured > seed ? honoured : seed;
        }
        return seed;
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
