namespace Aimo.LlmSimulator.Billing;

public static class CallLedgerExtensions
{
    /// <summary>
    /// Records every <c>POST /v1/chat/completions</c> in the <see cref="CallLedger"/> from arrival until its response is
    /// finished — body included, so a stalled body or a stream ends its record only when it ends — and whether the
    /// client went away first. The record travels in <see cref="HttpContext.Features"/> to the simulator, which fills in
    /// what the request carried and whether it was billed.
    /// </summary>
    public static IApplicationBuilder UseCallLedger(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/v1/chat/completions"))
            {
                await next(context);
                return;
            }
            var ledger = context.RequestServices.GetRequiredService<CallLedger>();
            var record = ledger.Begin();
            var request = context.Request;
            record.Arrived(context.Items[Dialects.DialectItems.ReceivedPath] as string ?? request.Path + request.QueryString,
                context.Items[Dialects.DialectItems.Authenticated] as string
                ?? (Auth.ApiKeyAuthenticationHandler.BearerKey(request) is null ? "none" : "bearer"));
            context.Features.Set(record);
            try
            {
                await next(context);
            }
            finally
            {
                var gone = context.RequestAborted.IsCancellationRequested;
                ledger.End(record, context.Response.HasStarted || !gone ? context.Response.StatusCode : 0, gone);
            }
        });
}
