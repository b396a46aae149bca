using Aimo.Admin.Alerts;
using Aimo.Admin.Live;

namespace Aimo.Admin.Extensions;

public static class DashboardExtensions
{
    /// <summary>Live updates by push, budget alerts (UI, webhook, audit), and the export downloads' writer (from AddAimoData).</summary>
    public static IHostApplicationBuilder AddDashboardServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveUpdates>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveUpdates>());

        builder.Services.AddOptions<BudgetAlertOptions>()
            .BindConfiguration(BudgetAlertOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddBudgetAlertWebhookClient();
        builder.Services.AddSingleton<BudgetAlertWebhook>();
        builder.Services.AddSingleton<BudgetAlertMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BudgetAlertMonitor>());
        return builder;
    }
}
