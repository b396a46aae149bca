using System.Diagnostics;
using Aimo.Admin.Alerts;
using Aimo.Data.Alerts;
using Aimo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aimo.Admin.Tests.Alerts;

/// <summary>With the services' OpenTelemetry defaults, the webhook call's client span names only the receiver's scheme and host.</summary>
public sealed class BudgetAlertWebhookTraceTests
{
    [Fact]
    public async Task The_client_span_of_an_alert_has_no_path_or_query()
    {
        await using var receiver = new WebhookReceiver();
        var origin = new Uri(receiver.Url).GetLeftPart(UriPartial.Authority);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);

        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Services.AddBudgetAlertWebhookClient();
        builder.Services.AddOptions<BudgetAlertOptions>().Configure(o => o.WebhookUrl = $"{origin}/services/T0/B0/s3cr3t-hook-token?sig=s3cr3t");
        builder.Services.AddSingleton<BudgetAlertWebhook>();
        using var host = builder.Build();
        await host.StartAsync();
        var alert = new BudgetAlert(new DateOnly(2026, 11, 29), "UTC", "soft_limit", "Soft limit reached", 5m, 4.5m, 0m, DateTimeOffset.UtcNow);

        Assert.Equal(BudgetAlertWebhook.Posted, await host.Services.GetRequiredService<BudgetAlertWebhook>().PostAsync(alert, CancellationToken.None));
        await host.StopAsync();

        // The listener hears every HttpClient of the process, other tests' too: pick this receiver's call by its port.
        var port = new Uri(receiver.Url).Port;
        List<Activity> ours;
        lock (spans) ours = [.. spans.Where(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("server.port"), port))];
        var span = Assert.Single(ours);
        Assert.Equal(origin, span.GetTagItem("url.full"));
        Assert.All(span.TagObjects, tag => Assert.DoesNotContain("s3cr3t", tag.Value?.ToString() ?? ""));
    }
}
