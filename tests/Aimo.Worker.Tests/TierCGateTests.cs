using Aimo.Core.Budget;
using Aimo.Worker.Budget;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Worker.Tests;

/// <summary>Deferred C is tried again only when the budget could take it, and never more often than the retry interval.</summary>
public sealed class TierCGateTests
{
    private static readonly BudgetSettings Settings = BudgetSettings.Default with { DailyBudgetUsd = 1m }; // soft limit 900,000 µUSD
    private static readonly DateOnly Day = new(2026, 11, 29);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-29T10:00:00Z"));

    private static Func<Task<BudgetSnapshot>> Spent(long micros) => () => Task.FromResult(new BudgetSnapshot(Settings.Limits, micros, 0));

    [Fact]
    public async Task Open_until_a_refusal()
    {
        var gate = new TierCGate(_time, TimeSpan.FromSeconds(2));
        Assert.True(await gate.IsOpenAsync(Spent(899_999), Settings, Day));
    }

    [Fact]
    public async Task Just_under_the_soft_limit_a_refused_estimate_keeps_the_gate_shut_without_asking_again()
    {
        var gate = new TierCGate(_time, TimeSpan.FromSeconds(2));
        gate.Refused(2_000, Settings, Day);
        var asked = 0;
        Task<BudgetSnapshot> Snapshot() { asked++; return Spent(899_000)(); } // 1,000 µUSD of headroom < 2,000
        for (var second = 0; second < 60; second++)
        {
            Assert.False(await gate.IsOpenAsync(Snapshot, Settings, Day));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        // 6 s of polling every 100 ms: the counters were read at most once per retry interval.
        Assert.InRange(asked, 1, 3);
    }

    [Fact]
    public async Task Opens_when_the_refused_estimate_fits_again_or_the_settings_or_day_change()
    {
        var gate = new TierCGate(_time, TimeSpan.FromSeconds(2));
        gate.Refused(2_000, Settings, Day);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await gate.IsOpenAsync(Spent(898_000), Settings, Day));

        gate.Refused(2_000, Settings, Day);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await gate.IsOpenAsync(Spent(899_500), Settings with { DailyBudgetUsd = 2m }, Day));
        Assert.True(await gate.IsOpenAsync(Spent(899_500), Settings, Day.AddDays(1)));
    }
}
