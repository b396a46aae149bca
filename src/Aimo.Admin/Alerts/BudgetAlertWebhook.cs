using System.Globalization;
using System.Net.Http.Json;
using Aimo.Data.Alerts;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Alerts;

/// <summary>Posts an alert to the configured webhook and says how it went (the audit row keeps that).</summary>
public sealed partial class BudgetAlertWebhook(IHttpClientFactory clients, IOptions<BudgetAlertOptions> options, ILogger<BudgetAlertWebhook> logger)
{
    public const string ClientName = "budget-alert-webhook";
    public const string NotConfigured = "not configured";
    public const string Posted = "posted";

    public async Task<string> PostAsync(BudgetAlert alert, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.WebhookUrl))
        {
            return NotConfigured;
        }
        try
        {
            var url = new Uri(options.Value.WebhookUrl);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(Body(alert)) };
            request.Options.Set(Microsoft.Extensions.Hosting.Extensions.RedactUrlInTraces, true);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                LogPosted(logger, alert.Threshold, Receiver(url));
                return Posted;
            }
            LogRefused(logger, alert.Threshold, Receiver(url), (int)response.StatusCode);
            return string.Create(CultureInfo.InvariantCulture, $"failed: HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, alert.Threshold, Receiver(new Uri(options.Value.WebhookUrl)), ex);
            return $"failed: {ex.Message}";
        }
    }

    /// <summary>
    /// A generic JSON body: Slack and Teams incoming webhooks show <c>text</c>; other receivers (PagerDuty rules, a
    /// script) read the structured fields.
    /// </summary>
    public static object Body(BudgetAlert alert) => new
    {
        text = alert.Text,
        source = "aimo",
        @event = "budget.threshold",
        threshold = alert.Threshold,
        title = alert.Title,
        day = alert.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        timeZone = alert.TimeZone,
        budgetUsd = alert.BudgetUsd,
        spentUsd = alert.SpentUsd,
        overspendUsd = alert.OverspendUsd,
        at = alert.At,
    };

    /// <summary>The receiver as logs may name it: scheme and host; the path and query are the hook's secret.</summary>
    public static string Receiver(Uri url) => url.GetLeftPart(UriPartial.Authority);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Posted the {Threshold} budget alert to the webhook at {Receiver}")]
    private static partial void LogPosted(ILogger logger, string threshold, string receiver);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The budget alert webhook at {Receiver} refused the {Threshold} alert with HTTP {Status}")]
    private static partial void LogRefused(ILogger logger, string threshold, string receiver, int status);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Posting the {Threshold} budget alert to the webhook at {Receiver} failed")]
    private static partial void LogFailed(ILogger logger, string threshold, string receiver, Exception exception);
}
