using Aimo.Core.Budget;
using Aimo.Data.Queries.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Data.Tests;

public sealed class TimeBucketsTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void Hours_cover_the_range_with_whole_local_hours()
    {
        var buckets = TimeBuckets.Hours(new DateTimeOffset(2026, 11, 29, 8, 20, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 11, 5, 0, TimeSpan.Zero), Zone("UTC"));
        Assert.Equal([8, 9, 10, 11, 12], buckets.Bounds.Select(b => b.Hour));
        Assert.Equal(4, buckets.Count);
    }

    [Fact]
    public void Hours_in_a_half_hour_zone_start_at_local_full_hours()
    {
        var buckets = TimeBuckets.Hours(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero), Zone("Asia/Kolkata"));
        Assert.All(buckets.Bounds, b => Assert.Equal(0, TimeZoneInfo.ConvertTime(b, Zone("Asia/Kolkata")).Minute));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 7, 30, 0, TimeSpan.Zero), buckets.Start);
    }

    [Fact]
    public void The_day_clocks_go_back_has_25_hours_and_each_is_its_own_bucket()
    {
        var berlin = Zone("Europe/Berlin");
        var start = new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero); // 2026-10-25 00:00 CEST
        var buckets = TimeBuckets.Hours(start, start.AddHours(25), berlin);
        Assert.Equal(25, buckets.Count);
        Assert.Equal(25, buckets.Bounds.Zip(buckets.Bounds.Skip(1)).Count(p => p.Second - p.First == TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Days_are_budget_days_and_long_ranges_are_shown_per_day()
    {
        var clock = new BudgetClock(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)), "Europe/Berlin");
        var days = TimeBuckets.For(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), clock);
        Assert.Equal(BucketSize.Day, days.Size);
        Assert.Equal(8, days.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero), days.Start);

        var hours = TimeBuckets.For(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), clock);
        Assert.Equal(BucketSize.Hour, hours.Size);
    }
}
