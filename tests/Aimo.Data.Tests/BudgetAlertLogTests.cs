using Aimo.Data.Alerts;

namespace Aimo.Data.Tests;

/// <summary>Once per day per threshold, with several admin replicas and across restarts, against a real Redis and PostgreSQL.</summary>
[Collection(DataCollection.Name)]
public sealed class BudgetAlertLogTests(DataFixture data)
{
    private static DateOnly NewDay() => DateOnly.FromDayNumber(Random.Shared.Next(700_000, 800_000));

    private BudgetAlertLog Replica() => new(data.Redis.Redis, data.Contexts);

    private static BudgetAlert Alert(DateOnly day, string threshold) =>
        new(day, "UTC", threshold, "80% of the budget spent", 5m, 4.2m, 0m, DateTimeOffset.UtcNow, "posted");

    [Fact]
    public async Task Of_many_replicas_claiming_the_same_threshold_at_once_exactly_one_wins()
    {
        var day = NewDay();
        var replicas = Enumerable.Range(0, 8).Select(_ => Replica()).ToList();
        var claims = await Task.WhenAll(replicas.SelectMany((r, i) => Enumerable.Range(0, 5).Select(_ => r.TryClaimAsync(day, "spent-80", $"replica-{i}"))));
        Assert.Single(claims, c => c);
        // Another threshold, or the same one another day, is its own alert.
        Assert.True(await Replica().TryClaimAsync(day, "spent-100", "replica-0"));
        Assert.True(await Replica().TryClaimAsync(day.AddDays(1), "spent-80", "replica-0"));
    }

    [Fact]
    public async Task A_sent_alert_stays_sent_when_redis_loses_the_claim()
    {
        var day = NewDay();
        var log = Replica();
        Assert.True(await log.TryClaimAsync(day, "spent-50", "replica-0"));
        await log.RecordAsync(Alert(day, "spent-50"));
        await data.Redis.Redis.GetDatabase().KeyDeleteAsync(BudgetAlertKeys.Sent(day, "spent-50"));

        Assert.False(await Replica().TryClaimAsync(day, "spent-50", "replica-1"));
    }

    [Fact]
    public async Task The_days_alerts_are_read_back_from_the_audit_log_with_how_the_webhook_went()
    {
        var day = NewDay();
        var log = Replica();
        await log.RecordAsync(Alert(day, "spent-50") with { Title = "50% of the budget spent", Delivery = "failed: HTTP 500" });
        await log.RecordAsync(Alert(day, "spent-80"));
        await log.RecordAsync(Alert(day.AddDays(-1), "overspend"));

        var alerts = await log.ForDayAsync(day);
        Assert.Equal(["spent-50", "spent-80"], alerts.Select(a => a.Threshold));
        Assert.Equal("failed: HTTP 500", alerts[0].Delivery);
        Assert.Contains("$4.20 spent of $5.00", alerts[1].Text);
    }
}
