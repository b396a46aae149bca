using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Security;

internal static class PerKeyRateLimiting
{
    public const string PolicyName = "per-api-key";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <see cref="IngestOptions.RateLimitPerMinute"/> requests per key and minute, 429 with <c>Retry-After</c> beyond,
    /// counted in Redis (<see cref="ApiKeyRateCounter"/>) so that all ingest replicas together honour the limit. The
    /// limiter runs after authorization, so the partition is an authenticated key's fingerprint and requests without a
    /// valid key (401) never use up a real key's budget.
    /// </summary>
    public static IServiceCollection AddPerKeyRateLimiter(this IServiceCollection services) =>
        services.AddSingleton<ApiKeyRateCounter>().AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PolicyName, context =>
            {
                var provider = context.RequestServices;
                var limit = provider.GetRequiredService<IOptions<IngestOptions>>().Value.RateLimitPerMinute;
                return RateLimitPartition.Get(ApiKey.Actor(context), partition => new RedisWindowRateLimiter(
                    provider.GetRequiredService<ApiKeyRateCounter>(), partition, limit, Window));
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
                var seconds = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.Headers.RetryAfter = seconds;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"Rate limit per API key reached; retry after {seconds} s." },
                });
            };
        });
}
