using Aimo.Core.Budget;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Core.Tests.Budget;

/// <summary>A time-zone change mid-day must not reset today's spend: it applies from the next midnight of the old zone.</summary>
public class TimeZoneChangeTests
{
    private static FakeTimeProvider At(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    private static BudgetSettings Utc => BudgetSettings.Default;

    // Far east and far west of UTC, and one with DST changes on the test's dates.
    private static readonly string[] Zones = ["UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"];

    [Fact]
    public void Changing_the_zone_mid_day_keeps_todays_date_until_the_old_zones_midnight()
    {
        var time = At("2026-11-29T20:00:00Z");
        var changed = Utc.WithTimeZone("Asia/Tokyo", time)!; // Tokyo is already on 11-30 here
        var clock = changed.Clock(time);
        Assert.Equal(new DateOnly(2026, 11, 29), clock.Today);
        Assert.True(clock.ZoneChangePending);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T00:00:00Z"), changed.ZoneChangeAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T00:00:00Z"), clock.NextDayStartsAt);

        // From UTC midnight the day is 11-30 (09:00 in Tokyo) and it ends at Tokyo's midnight.
        time.SetUtcNow(DateTimeOffset.Parse("2026-11-30T00:00:00Z"));
        Assert.Equal(new DateOnly(2026, 11, 30), clock.Today);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T15:00:00Z"), clock.NextDayStartsAt);
        time.SetUtcNow(DateTimeOffset.Parse("2026-11-30T15:00:00Z"));
        Assert.Equal(new DateOnly(2026, 12, 1), clock.Today);
    }

    [Fact]
    public void Moving_west_never_returns_to_a_date_that_already_ended()
    {
        var time = At("2026-11-29T10:00:00Z"); // 19:00 in Tokyo, 11-29
        var tokyo = new BudgetSettings(5m, 0.9m, "Asia/Tokyo");
        var changed = tokyo.WithTimeZone("America/New_York", time)!;
        var clock = changed.Clock(time);
        Assert.Equal(new DateOnly(2026, 11, 29), clock.Today);
        // Tokyo's midnight is 15:00 UTC; New York is still on 11-29 then, but 11-29 has ended: the day is 11-30
        // and lasts until New York's midnight.
        time.SetUtcNow(DateTimeOffset.Parse("2026-11-29T15:00:00Z"));
        Assert.Equal(new DateOnly(2026, 11, 30), clock.Today);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T05:00:00Z"), clock.NextDayStartsAt);
        time.SetUtcNow(DateTimeOffset.Parse("2026-12-01T05:00:00Z"));
        Assert.Equal(new DateOnly(2026, 12, 1), clock.Today);
    }

    [Fact]
    public void Every_instant_maps_to_a_date_that_never_goes_backwards() =>
        Gen.Select(Gen.Int[0, Zones.Length - 1], Gen.Int[0, Zones.Length - 1], Gen.Int[0, 24 * 60])
            .Sample((fromIndex, toIndex, minute) =>
            {
                var (from, to) = (Zones[fromIndex], Zones[toIndex]);
                var time = At("2026-03-28T00:00:00Z");
                time.Advance(TimeSpan.FromMinutes(minute));
                var clock = new BudgetSettings(5m, 0.9m, from).WithTimeZone(to, time)!.Clock(time);
                var today = clock.Today;
                var previous = today;
                for (var step = 0; step < 4 * 24 * 3; step++)
                {
                    time.Advance(TimeSpan.FromMinutes(15));
                    var day = clock.Today;
                    Assert.True(day >= previous, $"{from}→{to}: {day} after {previous}");
                    Assert.True(day.DayNumber - previous.DayNumber <= 2);
                    previous = day;
                }
                Assert.True(clock.StartOf(today.AddDays(1)) > time.GetUtcNow() - TimeSpan.FromDays(3));
            }, iter: 200);

    [Fact]
    public void A_pending_change_can_be_replaced_or_cancelled()
    {
        var time = At("2026-11-29T20:00:00Z");
        var pending = Utc.WithTimeZone("Asia/Tokyo", time)!;
        var replaced = pending.WithTimeZone("Europe/Berlin", time)!;
        Assert.Equal("Europe/Berlin", replaced.TimeZone);
        Assert.Equal(pending.ZoneChangeAt, replaced.ZoneChangeAt);
        var cancelled = pending.WithTimeZone("UTC", time)!;
        Assert.Equal(Utc, cancelled);
    }

    [Fact]
    public void During_the_transition_day_another_change_is_refused()
    {
        var time = At("2026-11-29T20:00:00Z");
        var changed = Utc.WithTimeZone("Asia/Tokyo", time)!;
        time.SetUtcNow(DateTimeOffset.Parse("2026-11-30T03:00:00Z"));
        Assert.Null(changed.WithTimeZone("Europe/Berlin", time));
        time.SetUtcNow(DateTimeOffset.Parse("2026-11-30T15:00:01Z"));
        Assert.NotNull(changed.WithTimeZone("Europe/Berlin", time));
    }
}
