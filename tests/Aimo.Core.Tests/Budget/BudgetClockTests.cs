using Aimo.Core.Budget;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Core.Tests.Budget;

public class BudgetClockTests
{
    private static FakeTimeProvider At(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Utc_is_the_default_and_the_day_turns_at_midnight_utc()
    {
        var time = At("2025-03-10T23:59:59Z");
        var clock = new BudgetClock(time);
        Assert.Equal(new DateOnly(2025, 3, 10), clock.Today);
        Assert.Equal(DateTimeOffset.Parse("2025-03-11T00:00:00Z"), clock.NextDayStartsAt);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateOnly(2025, 3, 11), clock.Today);
    }

    [Fact]
    public void The_day_follows_the_configured_zone()
    {
        var clock = new BudgetClock(At("2025-07-01T22:30:00Z"), "Europe/Berlin"); // 00:30 local, UTC+2
        Assert.Equal(new DateOnly(2025, 7, 2), clock.Today);
        Assert.Equal(DateTimeOffset.Parse("2025-07-02T22:00:00Z"), clock.NextDayStartsAt);
    }

    [Fact]
    public void A_day_shortened_by_dst_starts_the_next_day_at_local_midnight()
    {
        // Europe/Berlin springs forward on 2025-03-30 at 02:00; that day is 23 hours long.
        var clock = new BudgetClock(At("2025-03-30T12:00:00Z"), "Europe/Berlin");
        Assert.Equal(DateTimeOffset.Parse("2025-03-30T22:00:00Z"), clock.NextDayStartsAt);
        Assert.Equal(TimeSpan.FromHours(23), clock.StartOf(new DateOnly(2025, 3, 31)) - clock.StartOf(new DateOnly(2025, 3, 30)));
    }

    [Fact]
    public void When_dst_skips_midnight_the_day_starts_when_the_clock_resumes()
    {
        // America/Santiago: on 2024-09-08 clocks jump from 00:00 (UTC-4) to 01:00 (UTC-3).
        var clock = new BudgetClock(TimeProvider.System, "America/Santiago");
        Assert.Equal(DateTimeOffset.Parse("2024-09-08T04:00:00Z"), clock.StartOf(new DateOnly(2024, 9, 8)));
        Assert.Equal(new DateOnly(2024, 9, 8), clock.DayOf(DateTimeOffset.Parse("2024-09-08T04:00:00Z")));
        Assert.Equal(new DateOnly(2024, 9, 7), clock.DayOf(DateTimeOffset.Parse("2024-09-08T03:59:59Z")));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("   ")]
    public void An_invalid_zone_is_a_clear_error(string zone)
    {
        var error = Assert.Throws<ArgumentException>(() => new BudgetClock(TimeProvider.System, zone));
        Assert.Contains("IANA", error.Message);
    }
}
