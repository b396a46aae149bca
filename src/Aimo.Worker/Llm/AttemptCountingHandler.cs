namespace Aimo.Worker.Llm;

/// <summary>
/// Sits inside the resilience handler, so it sees every attempt, not just the logical call; and reads each response
/// body to the end inside the attempt, so the attempt timeout bounds the whole response, body included. A body that
/// stalls or breaks is a failed attempt (retried like any other), never a batch that hangs with its reservation.
/// </summary>
public sealed class AttemptCountingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = AttemptScope.Current;
        scope?.RecordAttempt();
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            scope?.RecordStatus((int)response.StatusCode);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            response?.Dispose();
            scope?.RecordIncomplete();
            scope?.RecordStatus(null);
            if (ex is IOException io)
            {
                // Transient for the retry strategy, like any transport failure.
                throw new HttpRequestException($"The response body broke off: {io.Message}", io);
            }
            throw;
        }
    }
}
