using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Security;

/// <summary>
/// One API key's limit for ASP.NET Core's rate-limiting middleware, counted by <see cref="ApiKeyRateCounter"/> in
/// Redis. The count lives in Redis, so only the asynchronous path can answer: the synchronous attempt always declines,
/// and the middleware then asks <see cref="AcquireAsyncCore"/>. When Redis is unavailable the request is let through
/// (logged): routes that need Redis answer 503 themselves, and the ones that need only PostgreSQL (review actions)
/// keep working through a Redis outage.
/// </summary>
internal sealed partial class RedisWindowRateLimiter(ApiKeyRateCounter counter, string partition, int limit, TimeSpan window,
    ILogger logger) : RateLimiter
{
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.Declined;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            var take = await counter.TakeAsync(partition, limit, window).WaitAsync(cancellationToken);
            return take.Allowed ? WindowLease.Acquired : WindowLease.Refused(take.WindowLeft);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogUncounted(logger, partition, ex);
            return WindowLease.Acquired;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rate limit of {Partition} not counted: Redis is unavailable; the request goes through")]
    private static partial void LogUncounted(ILogger logger, string partition, Exception exception);

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
