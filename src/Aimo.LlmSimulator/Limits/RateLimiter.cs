using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Limits;

/// <summary>
/// Admits chat requests against a requests-per-minute and a tokens-per-minute bucket, as OpenAI does: a request
/// costs 1 request and its token estimate (prompt tokens + the output limit it asks for), taken at admission.
/// Both buckets are checked and charged under one lock, so concurrent requests never overdraw either and a
/// refused request charges neither. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class RateLimiter(IOptions<RateLimitOptions> configured, TimeProvider time)
{
    private readonly Lock _gate = new();
    private RateLimitOptions _limits = configured.Value;
    private TokenBucket? _requests = Bucket(configured.Value.RequestsPerMinute, time);
    private TokenBucket? _tokens = Bucket(configured.Value.TokensPerMinute, time);

    public RateLimitOptions Limits
    {
        get { lock (_gate) return _limits; }
    }

    /// <summary>Replaces the limits; both buckets start full.</summary>
    public void Set(RateLimitOptions limits)
    {
        lock (_gate)
        {
            _limits = limits;
            _requests = Bucket(limits.RequestsPerMinute, time);
            _tokens = Bucket(limits.TokensPerMinute, time);
        }
    }

    public void Reset() => Set(configured.Value);

    /// <param name="tokens">The request's token estimate.</param>
    public Admission Admit(int tokens)
    {
        lock (_gate)
        {
            if (_requests is null && _tokens is null) return Admission.Unlimited;
            var now = time.GetTimestamp();
            _requests?.Refill(time, now);
            _tokens?.Refill(time, now);

            if (_tokens is not null && tokens > _tokens.Limit)
                return Snapshot() with { RefusedBy = LimitKind.Tokens, Requested = tokens };
            if (_requests is not null && !_requests.Has(1))
                return Snapshot() with { RefusedBy = LimitKind.Requests, RetryAfter = _requests.Until(1), Used = _requests.Used, Requested = 1 };
            if (_tokens is not null && !_tokens.Has(tokens))
                return Snapshot() with { RefusedBy = LimitKind.Tokens, RetryAfter = _tokens.Until(tokens), Used = _tokens.Used, Requested = tokens };

            _requests?.Take(1);
            _tokens?.Take(tokens);
            return Snapshot();
        }
    }

    /// <summary>The buckets now, without charging anything (for <c>GET /sim/limits</c>).</summary>
    public Admission Peek()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _requests?.Refill(time, now);
            _tokens?.Refill(time, now);
            return Snapshot();
        }
    }

    private Admission Snapshot() => new(State(_requests), State(_tokens));

    private static LimitState? State(TokenBucket? bucket) =>
        bucket is null ? null : new LimitState(bucket.Limit, bucket.Remaining, bucket.UntilFull);

    private static TokenBucket? Bucket(int perMinute, TimeProvider time) =>
        perMinute > 0 ? new TokenBucket(perMinute, time.GetTimestamp()) : null;
}
