using Aimo.Core.Budget;
using Aimo.Data.Queries;
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

    [Fact]
    public void A_chart_range_of_a_century_is_cut_to_the_most_recent_days_of_the_limit()
    {
        var clock = new BudgetClock(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)), "UTC");
        var to = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        var buckets = TimeBuckets.For(to.AddYears(-100), to, clock);
        Assert.InRange(buckets.Count, DateRange.MaxDays, DateRange.MaxDays + 1);
        Assert.Equal(to, buckets.End);
    }

    [Theory]
    [InlineData("1926-01-01", "2026-01-01", "2024-11-28", "2026-01-01")]
    [InlineData("2025-01-01", "2026-02-04", "2025-01-01", "2026-02-04")]
    [InlineData("2025-01-01", null, "2025-01-01", null)]
    [InlineData(null, "2026-01-01", null, "2026-01-01")]
    public void Page_date_ranges_longer_than_the_limit_keep_their_end_and_lose_their_oldest_days(string? from, string? to, string? clampedFrom, string? clampedTo)
    {
        var (f, t) = DateRange.ClampDays(DateRange.ParseDay(from), DateRange.ParseDay(to));
        Assert.Equal((DateRange.ParseDay(clampedFrom), DateRange.ParseDay(clampedTo)), (f, t));
    }
}
