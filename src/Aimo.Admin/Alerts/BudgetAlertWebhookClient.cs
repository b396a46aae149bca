using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Aimo.Admin.Alerts;

public static class BudgetAlertWebhookClient
{
    /// <summary>Each attempt's bound: a receiver that accepts the connection and never answers is a failed attempt.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The webhook's HTTP client. An alert is claimed once per day and threshold, so a receiver's brief failure (a 5xx,
    /// 429, a timeout, a dropped connection) must not lose it: 3 retries with exponential backoff from
    /// <paramref name="firstRetryDelay"/> (2 s by default: 2, 4, 8 s with jitter). A 4xx other than 408/429 is the
    /// receiver saying no (a revoked Slack hook answers 404) and is not retried; the audit row keeps the outcome.
    /// </summary>
    public static IServiceCollection AddBudgetAlertWebhookClient(this IServiceCollection services, TimeSpan? firstRetryDelay = null)
    {
        services.AddHttpClient(BudgetAlertWebhook.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's loggers write the request URI, whose path or query is the hook's secret; BudgetAlertWebhook
            // logs the outcome with the receiver's scheme and host instead.
            .RemoveAllLoggers()
            .AddResilienceHandler("budget-alert-webhook", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    Delay = firstRetryDelay ?? TimeSpan.FromSeconds(2),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(AttemptTimeout));
        return services;
    }
}
