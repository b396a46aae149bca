using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Telemetry;

namespace Aimo.Worker.Llm;

/// <summary>
/// Sits inside the retry layer, so it sees every HTTP attempt of an <see cref="LlmCall"/>, not just the call: counts
/// it and reserves its budget; charges a retry the provider will count again against the shared rate limits; reads
/// the response body to the end inside the attempt, so the attempt timeout bounds the whole response (a stalled or
/// broken body is a failed attempt, retried like any other, never a batch that hangs with its reservation); settles a
/// failed attempt at once — at its estimate when it may have been billed; feeds every response's rate-limit headers
/// and latency to the shared buckets and the adaptive concurrency; and counts attempts by outcome. It never retries.
/// </summary>
public sealed class LlmAttemptHandler(ProviderRateLimits limits, AdaptiveConcurrency concurrency, WorkerTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = LlmCall.Current;
        if (call is not null)
        {
            await call.BeginAttemptAsync(cancellationToken);
            if (call is { Attempts: > 1, LastAttemptCounted: true })
            {
                call.Mark = await limits.ChargeRetryAsync(call.Tokens);
            }
            call.LastAttemptCounted = true;
        }
        var sent = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            call?.RecordStatus((int)response.StatusCode);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            response?.Dispose();
            telemetry.LlmCalls.Add(1, new KeyValuePair<string, object?>("outcome", "no_response"));
            if (call is not null)
            {
                call.RecordStatus(null);
                await call.FailAttemptAsync(mayBeBilled: response is not null || !NeverSent(ex));
            }
            if (ex is IOException io)
            {
                // A body that broke off is transient for the retry strategy, like any transport failure.
                throw new HttpRequestException($"The response body broke off: {io.Message}", io);
            }
            throw;
        }
        await ObserveAsync(call, response, Stopwatch.GetElapsedTime(sent), cancellationToken);
        if (!response.IsSuccessStatusCode && call is not null)
        {
            // Providers do not bill a request they answered with an error.
            await call.FailAttemptAsync(mayBeBilled: false);
        }
        return response;
    }

    private async Task ObserveAsync(LlmCall? call, HttpResponseMessage response, TimeSpan age, CancellationToken cancellationToken)
    {
        var rateLimited = response.StatusCode == HttpStatusCode.TooManyRequests
            && !LlmFailure.IsQuotaExhausted(await response.Content.ReadAsStringAsync(cancellationToken));
        if (call is not null)
        {
            // The provider charges nothing for a request it refused with 429: the retry reuses this attempt's charge.
            call.LastAttemptCounted = !rateLimited;
            var report = RateLimitHeaders.Read(response.Headers);
            if (!report.IsEmpty && call.Mark is { } mark)
            {
                await limits.ObserveAsync(report, age, mark);
            }
        }
        if (rateLimited)
        {
            concurrency.RecordRateLimited();
        }
        else if (response.IsSuccessStatusCode)
        {
            concurrency.RecordAnswer(age);
        }
        telemetry.LlmCalls.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(response.StatusCode, rateLimited)));
    }

    /// <summary>The connection was never made: nothing reached the provider, nothing can be billed.</summary>
    private static bool NeverSent(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
        || exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static string Outcome(HttpStatusCode status, bool rateLimited) => (int)status switch
    {
        _ when rateLimited => "rate_limited",
        429 => "quota_exhausted",
        >= 200 and < 300 => "ok",
        >= 500 => "server_error",
        _ => "client_error",
    };
}
