using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Aimo.Ingest.Api;

/// <summary>
/// PostgreSQL or Redis failing under a request is an outage, not a bug in the request: 503 problem details (retry
/// later) rather than a 500. Handlers that can say more (nothing was enqueued) answer 503 themselves.
/// </summary>
public sealed partial class DependencyUnavailableExceptionHandler(IProblemDetailsService problems,
    ILogger<DependencyUnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Redis restarts or fails over, and PostgreSQL reconnects, within seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // EF's retrying strategy wraps the driver's exception; look through the chain.
        var cause = exception;
        while (cause is not null and not DbException and not RedisException and not RedisTimeoutException)
        {
            cause = cause.InnerException;
        }
        if (cause is null)
        {
            return false;
        }
        LogUnavailable(logger, context.Request.Method, context.Request.Path, cause);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((long)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = cause is DbException ? "The database is unavailable" : "Redis is unavailable",
                Detail = "Retry later; repeating the request is safe.",
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Method} {Path} failed: a dependency is unavailable")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, Exception exception);
}
