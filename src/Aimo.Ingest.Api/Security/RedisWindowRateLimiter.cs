using System.Threading.RateLimiting;

namespace Aimo.Ingest.Api.Security;

/// <summary>
/// One API key's limit for ASP.NET Core's rate-limiting middleware, counted by <see cref="ApiKeyRateCounter"/> in
/// Redis. The count lives in Redis, so only the asynchronous path can answer: the synchronous attempt always declines,
/// and the middleware then asks <see cref="AcquireAsyncCore"/>. When Redis is unavailable the count's exception goes
/// to the exception handler (503 with Retry-After): letting requests through uncounted would make every request of an
/// outage wait for Redis twice, and the limit could not be kept anyway.
/// </summary>
internal sealed class RedisWindowRateLimiter(ApiKeyRateCounter counter, string partition, int limit, TimeSpan window) : RateLimiter
{
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.Declined;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var take = await counter.TakeAsync(partition, limit, window).WaitAsync(cancellationToken);
        return take.Allowed ? WindowLease.Acquired : WindowLease.Refused(take.WindowLeft);
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(true, null);
        public static readonly WindowLease Declined = new(false, null);

        public static WindowLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
