using Aimo.Admin.Formatting;

namespace Aimo.Admin.Tests;

public sealed class BurnRateTests
{
    private static readonly DateTimeOffset DayStart = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayEnd = DayStart.AddDays(1);

    [Fact]
    public void Projects_the_soft_limit_from_todays_average_rate()
    {
        // $2 in 4 hours = $0.50/h; $2.50 left to the $4.50 soft limit → 5 hours from now.
        var now = DayStart.AddHours(4);
        var p = BurnRate.Project(2m, 4.5m, DayStart, DayEnd, now);
        Assert.Equal(ProjectionKind.Reached, p.Kind);
        Assert.Equal(0.5m, p.UsdPerHour);
        Assert.Equal(now.AddHours(5), p.At);
        Assert.Equal("Soft limit in 5 h 0 min at $0.50/h", BurnRate.Describe(p, now));
    }

    [Fact]
    public void A_slow_rate_does_not_reach_the_limit_before_the_day_resets()
    {
        var now = DayStart.AddHours(12);
        var p = BurnRate.Project(1m, 4.5m, DayStart, DayEnd, now);
        Assert.Equal(ProjectionKind.NotToday, p.Kind);
        Assert.StartsWith("Soft limit not reached today", BurnRate.Describe(p, now));
    }

    [Fact]
    public void No_spend_means_no_projection_and_a_passed_limit_says_so()
    {
        Assert.Equal(ProjectionKind.NoSpend, BurnRate.Project(0m, 4.5m, DayStart, DayEnd, DayStart.AddHours(3)).Kind);
        Assert.Equal(ProjectionKind.AlreadyReached, BurnRate.Project(4.5m, 4.5m, DayStart, DayEnd, DayStart.AddHours(3)).Kind);
        Assert.Equal(ProjectionKind.AlreadyReached, BurnRate.Project(1m, 0m, DayStart, DayEnd, DayStart.AddHours(3)).Kind);
    }

    [Fact]
    public void The_first_seconds_of_a_day_do_not_project_an_absurd_rate()
    {
        // One cent spent 1 s after midnight would be $36/h; the rate is floored at one minute of elapsed time.
        var p = BurnRate.Project(0.01m, 4.5m, DayStart, DayEnd, DayStart.AddSeconds(1));
        Assert.Equal(0.6m, Math.Round(p.UsdPerHour, 6));
    }
}
