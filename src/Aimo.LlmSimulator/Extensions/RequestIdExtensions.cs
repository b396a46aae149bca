namespace Aimo.LlmSimulator.Extensions;

public static class RequestIdExtensions
{
    /// <summary>
    /// Gives every response an <c>x-request-id</c> (<c>req_</c> + 32 hex digits, like OpenAI's), set before the
    /// endpoint runs so errors, streams and stalled bodies carry it too; clients log it with their failures.
    /// </summary>
    public static IApplicationBuilder UseOpenAiRequestIds(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.Headers["x-request-id"] = "req_" + Guid.NewGuid().ToString("N");
            return next(context);
        });
}
