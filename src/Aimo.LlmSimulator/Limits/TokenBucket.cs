namespace Aimo.LlmSimulator.Limits;

/// <summary>
/// One per-minute limit as a token bucket that refills continuously (limit/60 per second) up to the limit, the
/// way OpenAI replenishes capacity. Not thread-safe: <see cref="RateLimiter"/> guards it.
/// </summary>
internal sealed class TokenBucket(int perMinute, long startTimestamp)
{
    private readonly double _perSecond = perMinute / 60.0;
    private double _level = perMinute;
    private long _refilledAt = startTimestamp;

    public int Limit => perMinute;

    /// <summary>Whole units available now, as the <c>x-ratelimit-remaining-*</c> headers report them.</summary>
    public long Remaining => (long)Math.Floor(_level);

    /// <summary>Units consumed and not yet replenished, as the 429 message's "Used" reports them.</summary>
    public long Used => (long)Math.Ceiling(perMinute - _level);

    public void Refill(TimeProvider time, long now)
    {
        _level = Math.Min(perMinute, _level + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
        _refilledAt = now;
    }

    public bool Has(double amount) => _level >= amount;

    public void Take(double amount) => _level -= amount;

    /// <summary>How long until <paramref name="amount"/> is available.</summary>
    public TimeSpan Until(double amount) => amount <= _level ? TimeSpan.Zero : TimeSpan.FromSeconds((amount - _level) / _perSecond);

    /// <summary>How long until the bucket is full again: the <c>x-ratelimit-reset-*</c> headers.</summary>
    public TimeSpan UntilFull => Until(perMinute);
}
