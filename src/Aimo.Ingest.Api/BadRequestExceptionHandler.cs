using Microsoft.AspNetCore.Diagnostics;

namespace Aimo.Ingest.Api;

/// <summary>
/// Turns binding failures (malformed JSON, wrong types, unknown fields, missing fields, body too large) into
/// problem details with the serializer's message, instead of a bare status code or a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        context.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request is invalid.", Detail = detail },
        });
    }
}
