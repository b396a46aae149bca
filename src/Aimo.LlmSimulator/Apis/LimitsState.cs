using Aimo.LlmSimulator.Limits;

namespace Aimo.LlmSimulator.Apis;

/// <summary>The limits in force (0 = unlimited) and what is left of each now. Answer of <c>/sim/limits</c>.</summary>
public sealed record LimitsState(int RequestsPerMinute, int TokensPerMinute, long? RemainingRequests, long? RemainingTokens)
{
    public static LimitsState Of(RateLimiter limiter)
    {
        var limits = limiter.Limits;
        var now = limiter.Peek();
        return new(limits.RequestsPerMinute, limits.TokensPerMinute, now.Requests?.Remaining, now.Tokens?.Remaining);
    }
}
