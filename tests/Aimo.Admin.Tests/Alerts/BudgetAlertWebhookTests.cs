using Aimo.Admin.Alerts;
using Aimo.Data.Alerts;
using Aimo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aimo.Admin.Tests.Alerts;

/// <summary>The webhook post through the real HTTP client pipeline to a real listener: a brief failure does not lose the alert.</summary>
public sealed class BudgetAlertWebhookTests : IAsyncLifetime
{
    private static readonly BudgetAlert Alert = new(new DateOnly(2026, 11, 29), "UTC", "soft_limit", "Soft limit reached", 5m, 4.5m, 0m,
        new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private readonly WebhookReceiver _receiver = new();
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging(l => l.ClearProviders());
        services.AddBudgetAlertWebhookClient(firstRetryDelay: TimeSpan.FromMilliseconds(20));
        services.AddOptions<BudgetAlertOptions>().Configure(o => o.WebhookUrl = _receiver.Url);
        services.AddSingleton<BudgetAlertWebhook>();
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private Task<string> PostAsync() => _services.GetRequiredService<BudgetAlertWebhook>().PostAsync(Alert, CancellationToken.None);

    [Fact]
    public async Task A_receiver_failing_briefly_still_gets_the_alert()
    {
        _receiver.Answers.Enqueue(503);
        _receiver.Answers.Enqueue(429);

        Assert.Equal(BudgetAlertWebhook.Posted, await PostAsync());
        Assert.Equal(3, _receiver.PostsFor("soft_limit").Count);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_tried_four_times_and_the_failure_is_reported()
    {
        for (var i = 0; i < 10; i++) _receiver.Answers.Enqueue(500);

        Assert.Equal("failed: HTTP 500", await PostAsync());
        Assert.Equal(4, _receiver.Posts.Count);
    }

    [Fact]
    public async Task A_receiver_refusing_the_hook_is_not_asked_again()
    {
        // A revoked Slack hook answers 404: retrying changes nothing.
        _receiver.Answers.Enqueue(404);

        Assert.Equal("failed: HTTP 404", await PostAsync());
        Assert.Single(_receiver.Posts);
    }
}
