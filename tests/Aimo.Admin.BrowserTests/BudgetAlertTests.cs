using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

/// <summary>Budget thresholds: shown on open pages as they happen, posted once per day each to the webhook, audited.</summary>
[Collection(AdminCollection.Name)]
public sealed class BudgetAlertTests(AdminFixture fixture)
{
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Crossing_thresholds_alerts_on_the_page_posts_the_webhook_once_each_and_audits_it_across_an_admin_restart()
    {
        var budget = await BudgetAsync();
        var (day, spent) = (budget.GetProperty("day").GetString()!, budget.GetProperty("spentUsd").GetDecimal());
        Assert.True(spent > 0, "the fixture's batches should have cost something");
        try
        {
            var page = await fixture.SignedInPageAsync("");
            await Expect(page.Locator("[data-testid=budget-alerts-none]")).ToBeVisibleAsync();

            // Spend is now 60 % of the budget: 50 % is crossed, 80 % is not.
            await SetBudgetAsync(Math.Ceiling(spent / 0.6m * 10_000m) / 10_000m);
            await Expect(Toast(page, "spent-50")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=budget-alert-spent-50]")).ToContainTextAsync("50% of the budget spent", new() { Timeout = 30_000 });
            var post = await PostAsync("spent-50");
            Assert.Contains("50% of the budget spent", post.GetProperty("text").GetString());
            Assert.Equal(day, post.GetProperty("day").GetString());
            Assert.Equal("budget.threshold", post.GetProperty("event").GetString());
            await AdminFixture.ScreenshotAsync(page, "budget_alert");
            await page.CloseAsync();

            // The admin crashes and starts again with nothing in memory; the Redis claim and the audit row keep 50 % sent.
            using (var cts = new CancellationTokenSource(AdminFixture.Timeout * 2))
            {
                await fixture.Stack.KillAsync(ResourceNames.Admin, cts.Token);
                await fixture.Stack.StartAgainAsync(ResourceNames.Admin, cts.Token);
            }
            page = await fixture.SignedInPageAsync("");
            spent = (await BudgetAsync()).GetProperty("spentUsd").GetDecimal();
            await SetBudgetAsync(Math.Ceiling(spent / 0.85m * 10_000m) / 10_000m);
            await Expect(Toast(page, "spent-80")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await PostAsync("spent-80");
            Assert.Single(fixture.Webhook.PostsFor("spent-50"));

            // Past the budget: the soft limit, 100 % and A/B overspend; the costs page calls the overspend what it is.
            await SetBudgetAsync(Math.Floor(spent / 2m * 10_000m) / 10_000m);
            foreach (var threshold in new[] { "soft-limit", "spent-100", "overspend" })
            {
                await PostAsync(threshold);
            }
            var costs = await fixture.SignedInPageAsync("costs");
            await Expect(costs.Locator("[data-testid=cost-overspend]")).ToContainTextAsync("over today's budget");
            await Expect(costs.Locator("[data-testid=cost-table]")).ToBeVisibleAsync();
            await AdminFixture.ScreenshotAsync(costs, "costs");
            await costs.CloseAsync();
            await page.CloseAsync();

            Assert.All(new[] { "spent-50", "spent-80", "soft-limit", "spent-100", "overspend" },
                threshold => Assert.Single(fixture.Webhook.PostsFor(threshold)));
            await using var pg = await fixture.PostgresAsync();
            var audited = (long)(await Seed.ExecAsync(pg,
                "SELECT count(*) FROM audit_log WHERE action = 'budget.alert' AND subject LIKE $1", $"budget:{day}:%"))!;
            Assert.Equal(5, audited);
        }
        finally
        {
            await SetBudgetAsync(5m);
        }
    }

    private static ILocator Toast(IPage page, string threshold) =>
        page.Locator($"[data-testid=budget-alert-toast][data-threshold={threshold}]");

    private async Task<JsonElement> PostAsync(string threshold)
    {
        await Wait.UntilAsync(() => Task.FromResult(fixture.Webhook.PostsFor(threshold).Count > 0), AlertTimeout, $"the webhook to receive the {threshold} alert");
        return fixture.Webhook.PostsFor(threshold)[0];
    }

    private Task<JsonElement> BudgetAsync() => fixture.Api.GetFromJsonAsync<JsonElement>("/api/budget");

    private async Task SetBudgetAsync(decimal usd)
    {
        using var response = await fixture.Api.PutAsJsonAsync("/api/budget", new { dailyBudgetUsd = usd, softLimitFraction = 0.95m });
        response.EnsureSuccessStatusCode();
    }
}
