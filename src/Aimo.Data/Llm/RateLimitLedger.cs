using System.Globalization;
using StackExchange.Redis;

namespace Aimo.Data.Llm;

/// <summary>A provider's per-minute limits as configured for providers that announce none; 0 = none.</summary>
public sealed record StaticRateLimits(int RequestsPerMinute, int TokensPerMinute);

/// <summary>One call's place in the shared buckets: how long it must wait before sending, and its marks.</summary>
/// <param name="RequestsMark">Requests charged in total right after this call's charge.</param>
/// <param name="TokensMark">Tokens charged in total right after this call's charge.</param>
/// <param name="Tokens">This call's tokens: with a <c>remaining</c> header alone, they tell the least the limit can be.</param>
public sealed record RateLimitCharge(TimeSpan Wait, long RequestsMark, long TokensMark, long Tokens = 0);

/// <summary>What one HTTP response announced: per bucket the limit, what remained and when it is full again (null when absent).</summary>
public sealed record RateLimitReport(long? RequestsLimit, long? RequestsRemaining, TimeSpan? RequestsReset,
    long? TokensLimit, long? TokensRemaining, TimeSpan? TokensReset)
{
    public bool IsEmpty => RequestsLimit is null && RequestsRemaining is null && TokensLimit is null && TokensRemaining is null;
}

/// <summary>One bucket now: its limit per minute and what is left (negative while calls wait their turn); null when unknown.</summary>
public sealed record RateLimitBucket(long Limit, double Remaining)
{
    /// <summary>Share of the limit in use now, 0..1: 1 − remaining/limit, as the provider's own headers would say.</summary>
    public double Utilization => Math.Clamp(1 - (Remaining / Limit), 0, 1);
}

/// <summary>Both buckets of a provider and model now.</summary>
public sealed record RateLimitSnapshot(RateLimitBucket? Requests, RateLimitBucket? Tokens);

/// <summary>
/// The one owner of a provider's rate-limit buckets in Redis (<see cref="RateLimitKeys.Buckets"/>), shared by every worker
/// replica: charges each call before it is sent (and each HTTP retry the provider counts again), learns the limits and
/// corrects the buckets from the <c>x-ratelimit-*</c> headers of every response, and reads them for status and metrics.
/// </summary>
public sealed class RateLimitLedger(IConnectionMultiplexer redis)
{
    /// <summary>Buckets of a provider nobody called for this long are forgotten (they would be full again anyway).</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1);

    private static long TtlSeconds => (long)KeyLifetime.TotalSeconds;

    /// <summary>Charges one request and <paramref name="tokens"/>; the caller sends after <see cref="RateLimitCharge.Wait"/>.</summary>
    /// <param name="reserve">Refill time kept spare, so a call that leaves a little late still finds its units at the provider.</param>
    public async Task<RateLimitCharge> ChargeAsync(string provider, string model, StaticRateLimits limits, long tokens, TimeSpan reserve)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RateLimitScripts.Charge,
            [RateLimitKeys.Buckets(provider, model)],
            [limits.RequestsPerMinute, limits.TokensPerMinute, tokens, (long)reserve.TotalMilliseconds, TtlSeconds]))!;
        return new RateLimitCharge(TimeSpan.FromMilliseconds((long)result[0]), (long)result[1], (long)result[2], tokens);
    }

    /// <summary>Feeds one response's headers back: learns the limits and lowers a bucket the provider says is emptier.</summary>
    /// <param name="age">Time since the attempt that got this response was sent (the provider counted it then).</param>
    public async Task ObserveAsync(string provider, string model, StaticRateLimits limits, RateLimitReport report, TimeSpan age, RateLimitCharge mark)
    {
        static RedisValue Value(long? v) => v is { } x ? x : RedisValue.EmptyString;
        static RedisValue Ms(TimeSpan? t) => t is { } x ? (long)Math.Ceiling(x.TotalMilliseconds) : RedisValue.EmptyString;
        await redis.GetDatabase().ScriptEvaluateAsync(RateLimitScripts.Observe, [RateLimitKeys.Buckets(provider, model)],
        [
            limits.RequestsPerMinute, limits.TokensPerMinute, (long)Math.Max(0, age.TotalMilliseconds),
            Value(report.RequestsLimit), Value(report.RequestsRemaining), Ms(report.RequestsReset), mark.RequestsMark,
            Value(report.TokensLimit), Value(report.TokensRemaining), Ms(report.TokensReset), mark.TokensMark,
            TtlSeconds, mark.Tokens,
        ]);
    }

    /// <summary>Both buckets now, under the limits the provider announced and the workers configured.</summary>
    public async Task<RateLimitSnapshot> SnapshotAsync(string provider, string model)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RateLimitScripts.Peek,
            [RateLimitKeys.Buckets(provider, model)], [RedisValue.EmptyString, RedisValue.EmptyString]))!;
        static RateLimitBucket? Bucket(RedisResult limit, RedisResult level) =>
            long.TryParse((string?)limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0
            && double.TryParse((string?)level, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? new RateLimitBucket(l, v) : null;
        return new RateLimitSnapshot(Bucket(result[0], result[1]), Bucket(result[2], result[3]));
    }
}
