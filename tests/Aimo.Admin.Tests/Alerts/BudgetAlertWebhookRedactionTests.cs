using Aimo.Admin.Alerts;
using Aimo.Data.Alerts;
using Aimo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Aimo.Admin.Tests.Alerts;

/// <summary>
/// A webhook URL is a credential (a Slack or Teams hook's secret is its path, some receivers take a token in the query):
/// the logs of an alert name only the receiver's scheme and host.
/// </summary>
public sealed class BudgetAlertWebhookRedactionTests : IAsyncLifetime
{
    private const string SecretPath = "/services/T000/B000/s3cr3t-hook-token";
    private const string SecretQuery = "sig=qu3ry-s3cr3t";

    private static readonly BudgetAlert Alert = new(new DateOnly(2026, 11, 29), "UTC", "soft_limit", "Soft limit reached", 5m, 4.5m, 0m,
        new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private readonly WebhookReceiver _receiver = new();
    private ServiceProvider _services = null!;

    private string Origin => new Uri(_receiver.Url).GetLeftPart(UriPartial.Authority);

    public Task InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddBudgetAlertWebhookClient(firstRetryDelay: TimeSpan.FromMilliseconds(20));
        services.AddOptions<BudgetAlertOptions>().Configure(o => o.WebhookUrl = $"{Origin}{SecretPath}?{SecretQuery}");
        services.AddSingleton<BudgetAlertWebhook>();
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Theory]
    [InlineData(200, BudgetAlertWebhook.Posted)]
    [InlineData(404, "failed: HTTP 404")]
    public async Task The_logs_of_an_alert_name_the_receiver_by_scheme_and_host_only(int answer, string outcome)
    {
        _receiver.Answers.Enqueue(answer);

        Assert.Equal(outcome, await _services.GetRequiredService<BudgetAlertWebhook>().PostAsync(Alert, CancellationToken.None));

        var logs = _services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.Contains(logs, log => log.Message.Contains(Origin, StringComparison.Ordinal));
        Assert.All(logs, log =>
        {
            Assert.DoesNotContain("s3cr3t", log.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", string.Join(' ', log.StructuredState?.Select(p => p.Value) ?? []), StringComparison.Ordinal);
        });
    }
}
