using System.Diagnostics;
using System.Net;
using Aimo.Worker.Telemetry;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// Sits inside the retry layer, where every HTTP attempt and response passes: charges a retry the provider will count
/// again, feeds every response's <c>x-ratelimit-*</c> headers to the shared buckets, tells the adaptive concurrency
/// what latency and 429s it sees, and counts attempts by outcome. It never retries anything itself.
/// </summary>
public sealed class RateLimitHandler(ProviderRateLimits limits, AdaptiveConcurrency concurrency, WorkerTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = RateLimitCall.Current;
        if (call is { Attempts: > 0, LastAttemptCounted: true })
        {
            call.Mark = await limits.ChargeRetryAsync(call.Tokens);
        }
        if (call is not null)
        {
            call.Attempts++;
            call.LastAttemptCounted = true;
        }
        var sent = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception)
        {
            telemetry.LlmCalls.Add(1, new KeyValuePair<string, object?>("outcome", "no_response"));
            throw;
        }
        var age = Stopwatch.GetElapsedTime(sent);
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
        return response;
    }

    private static string Outcome(HttpStatusCode status, bool rateLimited) => (int)status switch
    {
        _ when rateLimited => "rate_limited",
        429 => "quota_exhausted",
        >= 200 and < 300 => "ok",
        >= 500 => "server_error",
        _ => "client_error",
    };
}
