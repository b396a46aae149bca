using Aimo.Core;
using Microsoft.Extensions.Configuration;

namespace Aimo.AppHost;

internal static class BudgetAlertWebhookExtensions
{
    /// <summary>Set to true to have azd ask for the budget-alert webhook (a locally set parameter value does it too).</summary>
    public const string WebhookSetting = "Aimo:BudgetAlertWebhook";

    /// <summary>
    /// The budget alerts' webhook URL, a secret parameter: anyone holding a Slack or Teams hook URL can post to the
    /// channel, so it is masked in the dashboard and stays out of the manifest (azd keeps it as a secret).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBudgetAlertWebhook(this IResourceBuilder<ProjectResource> admin)
    {
        var config = admin.ApplicationBuilder.Configuration;
        if (string.IsNullOrWhiteSpace(config[$"Parameters:{ResourceNames.BudgetAlertWebhook}"]) && !config.GetValue(WebhookSetting, defaultValue: false))
        {
            return admin;
        }
        return admin.WithEnvironment("Aimo__Alerts__WebhookUrl",
            admin.ApplicationBuilder.AddParameter(ResourceNames.BudgetAlertWebhook, secret: true));
    }
}
