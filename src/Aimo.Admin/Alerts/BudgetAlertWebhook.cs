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
            using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(options.Value.WebhookUrl, Body(alert), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return Posted;
            }
            LogRefused(logger, alert.Threshold, (int)response.StatusCode);
            return string.Create(CultureInfo.InvariantCulture, $"failed: HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, alert.Threshold, ex);
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

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The budget alert webhook refused the {Threshold} alert with HTTP {Status}")]
    private static partial void LogRefused(ILogger logger, string threshold, int status);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Posting the {Threshold} budget alert to the webhook failed")]
    private static partial void LogFailed(ILogger logger, string threshold, Exception exception);
}
