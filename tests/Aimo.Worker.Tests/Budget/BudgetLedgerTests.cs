using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using Aimo.Worker.Queue;

namespace Aimo.Worker.Tests.Budget;

/// <summary>The reserve and settle Lua scripts of <see cref="BudgetLedger"/> against a real redis-server.</summary>
public sealed class BudgetLedgerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const decimal BudgetUsd = 1m;            // 1,000,000 µUSD
    private const decimal SoftLimit = 0.9m;          //   900,000 µUSD
    private const long SoftLimitMicros = 900_000;
    private readonly BudgetLedger _ledger = new(redis.Redis);

    /// <summary>A day of its own per test, so tests never share counters.</summary>
    private static DateOnly NewDay() => DateOnly.FromDayNumber(Random.Shared.Next(700_000, 800_000));

    private async Task<DateOnly> SeededDayAsync(decimal spentUsd)
    {
        var day = NewDay();
        await _ledger.SeedAsync(day, spentUsd);
        return day;
    }

    private async Task<(long Spent, long Reserved)> CountersAsync(DateOnly day)
    {
        var values = await redis.Redis.GetDatabase().HashGetAsync(RedisKeys.BudgetDay(day), [RedisKeys.SpentMicrosField, RedisKeys.ReservedMicrosField]);
        return ((long)values[0], (long)values[1]);
    }

    [Fact]
    public async Task Missing_counters_ask_for_a_seed_and_reserve_nothing()
    {
        var day = NewDay();
        var reservation = await _ledger.TryReserveAsync(day, Tier.A, 1000, BudgetUsd, SoftLimit);
        Assert.True(reservation.NeedsSeed);
        Assert.False(reservation.Allowed);
        Assert.False(await redis.Redis.GetDatabase().KeyExistsAsync(RedisKeys.BudgetDay(day)));
    }

    [Fact]
    public async Task Seeding_never_overwrites_counters_another_replica_already_created()
    {
        var day = await SeededDayAsync(0.25m);
        await _ledger.SeedAsync(day, 0.10m);
        Assert.Equal((250_000L, 0L), await CountersAsync(day));
    }

    [Theory]
    [InlineData(0.80, 50_000, true)]   // 800k + 50k = 850k ≤ 900k
    [InlineData(0.85, 50_000, true)]   // exactly the soft limit is still allowed
    [InlineData(0.85, 50_001, false)]  // one micro-dollar past it is not
    [InlineData(0.95, 1, false)]       // already past the soft limit
    public async Task C_is_refused_once_the_reservation_would_pass_the_soft_limit(decimal spentUsd, long estimate, bool allowed)
    {
        var day = await SeededDayAsync(spentUsd);
        var reservation = await _ledger.TryReserveAsync(day, Tier.C, estimate, BudgetUsd, SoftLimit);
        Assert.Equal(allowed, reservation.Allowed);
        Assert.Equal(allowed ? estimate : 0, (await CountersAsync(day)).Reserved);
    }

    [Theory]
    [InlineData(Tier.A)]
    [InlineData(Tier.B)]
    public async Task A_and_B_are_always_allowed_even_past_the_whole_budget(Tier tier)
    {
        var day = await SeededDayAsync(1.5m);
        var reservation = await _ledger.TryReserveAsync(day, tier, 200_000, BudgetUsd, SoftLimit);
        Assert.True(reservation.Allowed);
        Assert.Equal((1_500_000L, 200_000L), await CountersAsync(day));
    }

    [Fact]
    public async Task Concurrent_C_reservations_never_commit_past_the_soft_limit()
    {
        var day = await SeededDayAsync(0.1m);          // 100k spent: room for exactly 16 × 50k under 900k
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            _ledger.TryReserveAsync(day, Tier.C, 50_000, BudgetUsd, SoftLimit))));
        Assert.Equal(16, results.Count(r => r.Allowed));
        Assert.All(results.Where(r => r.Allowed), r => Assert.True(r.SpentMicros + r.ReservedMicros <= SoftLimitMicros));
        var (spent, reserved) = await CountersAsync(day);
        Assert.Equal(100_000, spent);
        Assert.Equal(16 * 50_000, reserved);
    }

    [Fact]
    public async Task Concurrent_mixed_tiers_allow_every_A_and_B_and_C_only_while_under_the_soft_limit()
    {
        var day = await SeededDayAsync(0m);
        var tiers = Enumerable.Range(0, 60).Select(i => (Tier)(i % 3)).ToArray();
        var results = await Task.WhenAll(tiers.Select(tier => Task.Run(async () =>
            (Tier: tier, Reservation: await _ledger.TryReserveAsync(day, tier, 40_000, BudgetUsd, SoftLimit)))));
        Assert.All(results.Where(r => r.Tier != Tier.C), r => Assert.True(r.Reservation.Allowed));
        // An allowed C saw spent + reserved (including its own estimate) within the soft limit at that instant.
        Assert.All(results.Where(r => r.Tier == Tier.C && r.Reservation.Allowed),
            r => Assert.True(r.Reservation.SpentMicros + r.Reservation.ReservedMicros <= SoftLimitMicros));
        var allowed = results.Count(r => r.Reservation.Allowed);
        Assert.Equal((0L, allowed * 40_000L), await CountersAsync(day));
        Assert.True(results.Count(r => r.Tier == Tier.C && r.Reservation.Allowed) < 20, "some C must have been refused (60 × 40k > 900k)");
    }

    [Fact]
    public async Task Settle_moves_each_reservation_to_the_actual_cost_exactly()
    {
        var day = await SeededDayAsync(0.01m);         // 10k spent
        var reservations = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            _ledger.TryReserveAsync(day, Tier.A, 3_000, BudgetUsd, SoftLimit))));
        Assert.All(reservations, r => Assert.True(r.Allowed));
        Assert.Equal((10_000L, 120_000L), await CountersAsync(day));

        // Half cost less than estimated, half more, one failed call costs nothing.
        var actuals = Enumerable.Range(0, 40).Select(i => i == 0 ? 0L : i % 2 == 0 ? 2_500L : 3_700L).ToArray();
        await Task.WhenAll(actuals.Select(actual => Task.Run(() => _ledger.SettleAsync(day, 3_000, actual))));

        Assert.Equal((10_000L + actuals.Sum(), 0L), await CountersAsync(day));
        var snapshot = await _ledger.SnapshotAsync(day, BudgetUsd, SoftLimit);
        Assert.Equal(BudgetLedger.ToUsd(10_000 + actuals.Sum()), snapshot.CommittedUsd);
    }

    [Fact]
    public async Task Settling_after_counters_were_lost_never_leaves_reserved_negative()
    {
        var day = await SeededDayAsync(0m);
        var (spent, reserved) = await _ledger.SettleAsync(day, 5_000, 4_000);
        Assert.Equal(0, reserved);
        Assert.Equal(4_000, spent);
    }
}
