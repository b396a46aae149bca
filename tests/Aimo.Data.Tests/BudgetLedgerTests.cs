using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Budget;
using Aimo.Data.Queue;

namespace Aimo.Data.Tests;

/// <summary>The budget scripts of <see cref="BudgetLedger"/> against a real redis-server, seeded from a real PostgreSQL.</summary>
[Collection(DataCollection.Name)]
public sealed class BudgetLedgerTests(DataFixture data)
{
    private static readonly BudgetLimits Limits = BudgetLimits.From(1m, 0.9m); // 1,000,000 / 900,000 µUSD
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly BudgetLedger _ledger = new(data.Redis.Redis, data.Contexts);
    private const string Worker = "test-worker";

    private static int _lastDay = Random.Shared.Next(700_000, 750_000);

    /// <summary>
    /// A day of its own per test (and per generated case), so tests never share counters: consecutive days, as random
    /// ones collided now and then with the property test's hundreds of cases.
    /// </summary>
    private static DateOnly NewDay() => DateOnly.FromDayNumber(Interlocked.Increment(ref _lastDay));

    private async Task<DateOnly> DayWithSpendAsync(long spentMicros)
    {
        var day = NewDay();
        await _ledger.SeedAsync(day);
        await data.Redis.Redis.GetDatabase().HashSetAsync(BudgetKeys.Day(day), BudgetKeys.SpentMicrosField, spentMicros);
        return day;
    }

    private async Task AliveAsync(string consumer) =>
        await data.Redis.Redis.GetDatabase().StringSetAsync(QueueKeys.Heartbeat(consumer), 1, TimeSpan.FromMinutes(1));

    private Task<Reservation> ReserveAsync(DateOnly day, Tier tier, long estimate, string consumer = Worker, TimeSpan? lease = null) =>
        _ledger.ReserveAsync(day, tier, estimate, Limits, consumer, lease ?? Lease);

    private async Task PostgresSpendAsync(DateOnly day, decimal spentUsd)
    {
        await using var db = await data.Contexts.CreateDbContextAsync();
        await BudgetLedger.MirrorAsync(db, day, 1m, Micros.FromCostUsd(spentUsd), countBatch: false, DateTimeOffset.UtcNow, CancellationToken.None);
    }

    [Fact]
    public async Task A_day_missing_in_Redis_starts_from_the_spend_PostgreSQL_recorded()
    {
        var day = NewDay();
        await PostgresSpendAsync(day, 0.25m);
        var reservation = await ReserveAsync(day, Tier.A, 1_000);
        Assert.True(reservation.Allowed);
        Assert.Equal(250_000, reservation.SpentMicros);
        Assert.Equal(250_000, (await _ledger.CountersAsync(day)).SpentMicros);
    }

    [Fact]
    public async Task Settling_after_Redis_lost_the_day_seeds_from_PostgreSQL_instead_of_restarting_from_the_batch_cost()
    {
        var day = NewDay();
        await PostgresSpendAsync(day, 0.30m);
        var reservation = await ReserveAsync(day, Tier.A, 5_000);
        // Redis loses the day (a restart without persistence, an eviction) while the call is in flight.
        await data.Redis.Redis.GetDatabase().KeyDeleteAsync([BudgetKeys.Day(day), BudgetKeys.Leases(day)]);

        var spent = await _ledger.SettleAsync(reservation.Lease!, 4_000);

        Assert.Equal(300_000 + 4_000, spent);
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((304_000L, 0L), (counters.SpentMicros, counters.ReservedMicros));
    }

    [Theory]
    [InlineData(800_000, 50_000, true)]   // 800k + 50k = 850k ≤ 900k
    [InlineData(850_000, 50_000, true)]   // exactly the soft limit is still allowed
    [InlineData(850_000, 50_001, false)]  // one micro-dollar past it is not
    [InlineData(950_000, 1, false)]       // already past the soft limit
    public async Task C_is_refused_once_the_reservation_would_pass_the_soft_limit(long spent, long estimate, bool allowed)
    {
        var day = await DayWithSpendAsync(spent);
        var reservation = await ReserveAsync(day, Tier.C, estimate);
        Assert.Equal(allowed, reservation.Allowed);
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal(allowed ? estimate : 0, counters.ReservedMicros);
        Assert.Equal(allowed ? 0 : 1, counters.Refused);
    }

    [Theory]
    [InlineData(Tier.A)]
    [InlineData(Tier.B)]
    public async Task A_and_B_are_always_allowed_even_past_the_whole_budget(Tier tier)
    {
        var day = await DayWithSpendAsync(1_500_000);
        var reservation = await ReserveAsync(day, tier, 200_000);
        Assert.True(reservation.Allowed);
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((1_500_000L, 200_000L), (counters.SpentMicros, counters.ReservedMicros));
    }

    [Fact]
    public async Task The_script_decides_exactly_as_BudgetPolicy_on_generated_inputs() =>
        await Gen.Select(Gen.Long[0, 2_000_000], Gen.Long[0, 1_000_000], Gen.Long[0, 600_000], Gen.Int[0, 2_000_000], Gen.Int[1, 10_000], Gen.Int[0, 2])
            .SampleAsync(async (spent, reserved, estimate, budgetMicros, fractionBasisPoints, tierIndex) =>
            {
                var tier = (Tier)tierIndex;
                var limits = BudgetLimits.From(Micros.ToUsd(budgetMicros), fractionBasisPoints / 10_000m);
                var day = await DayWithSpendAsync(spent);
                await data.Redis.Redis.GetDatabase().HashSetAsync(BudgetKeys.Day(day), BudgetKeys.ReservedMicrosField, reserved);

                var expected = BudgetPolicy.Decide(new BudgetSnapshot(limits, spent, reserved), tier, estimate).Allowed;
                var reservation = await _ledger.ReserveAsync(day, tier, estimate, limits, Worker, Lease);

                Assert.Equal(expected, reservation.Allowed);
                Assert.Equal((spent, reserved), (reservation.SpentMicros, reservation.ReservedMicros - (expected ? estimate : 0)));
            }, iter: 300);

    [Fact]
    public async Task Concurrent_C_reservations_never_commit_past_the_soft_limit()
    {
        var day = await DayWithSpendAsync(100_000);    // room for exactly 16 × 50k under 900k
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => ReserveAsync(day, Tier.C, 50_000))));
        Assert.Equal(16, results.Count(r => r.Allowed));
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((100_000L, 16 * 50_000L, 34L), (counters.SpentMicros, counters.ReservedMicros, counters.Refused));
    }

    [Fact]
    public async Task Settle_moves_each_reservation_to_the_actual_cost_exactly_and_by_tier()
    {
        var day = await DayWithSpendAsync(10_000);
        var leases = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => ReserveAsync(day, (Tier)(i % 2), 3_000))));
        Assert.All(leases, r => Assert.True(r.Allowed));

        // Half cost less than estimated, half more, one failed call costs nothing.
        var actuals = Enumerable.Range(0, 40).Select(i => i == 0 ? 0L : i % 4 < 2 ? 2_500L : 3_700L).ToArray();
        await Task.WhenAll(leases.Select((r, i) => Task.Run(() => _ledger.SettleAsync(r.Lease!, actuals[i]))));

        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((10_000L + actuals.Sum(), 0L), (counters.SpentMicros, counters.ReservedMicros));
        Assert.Equal(actuals.Where((_, i) => i % 2 == 0).Sum(), counters.SpentMicrosByTier[Tier.A]);
        Assert.Equal(actuals.Where((_, i) => i % 2 == 1).Sum(), counters.SpentMicrosByTier[Tier.B]);
    }

    [Fact]
    public async Task A_dead_workers_reservation_is_converted_to_spend_at_its_estimate()
    {
        var day = await DayWithSpendAsync(0);
        await AliveAsync("live-worker");
        var dead = await ReserveAsync(day, Tier.C, 377, consumer: "killed-worker");
        var live = await ReserveAsync(day, Tier.A, 500, consumer: "live-worker");

        Assert.Equal(1, await _ledger.SweepAsync(day));

        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((377L, 500L), (counters.SpentMicros, counters.ReservedMicros));
        Assert.Equal(377, counters.SpentMicrosByTier[Tier.C]);
        Assert.Equal(0, await _ledger.SweepAsync(day));
        Assert.NotNull(live.Lease);
        Assert.NotNull(dead.Lease);
    }

    [Fact]
    public async Task An_expired_lease_is_converted_even_while_its_worker_lives()
    {
        var day = await DayWithSpendAsync(0);
        await AliveAsync("slow-worker");
        await ReserveAsync(day, Tier.B, 900, consumer: "slow-worker", lease: TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, await _ledger.SweepAsync(day));
        await Wait.UntilAsync(async () => await _ledger.SweepAsync(day) == 1, TimeSpan.FromSeconds(10), "the lease to expire");
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((900L, 0L), (counters.SpentMicros, counters.ReservedMicros));
    }

    [Fact]
    public async Task Settling_a_converted_lease_corrects_the_estimate_to_the_actual_cost()
    {
        var day = await DayWithSpendAsync(1_000);
        var reservation = await ReserveAsync(day, Tier.A, 5_000, consumer: "paused-worker");
        Assert.Equal(1, await _ledger.SweepAsync(day)); // its heartbeat lapsed: converted at 5,000
        Assert.Equal(6_000, (await _ledger.CountersAsync(day)).SpentMicros);

        var spent = await _ledger.SettleAsync(reservation.Lease!, 3_200); // the call finished after all

        Assert.Equal(1_000 + 3_200, spent);
        Assert.Equal(3_200, (await _ledger.CountersAsync(day)).SpentMicrosByTier[Tier.A]);
    }

    [Fact]
    public async Task The_durable_mirror_never_lowers_the_recorded_spend()
    {
        var day = NewDay();
        await PostgresSpendAsync(day, 0.5m);
        await PostgresSpendAsync(day, 0.2m);
        await data.Redis.Redis.GetDatabase().KeyDeleteAsync(BudgetKeys.Day(day));
        Assert.Equal(500_000, (await _ledger.CountersAsync(day)).SpentMicros);
    }

    [Fact]
    public async Task A_settle_retried_after_a_timeout_counts_once()
    {
        var day = await DayWithSpendAsync(1_000);
        var lease = (await ReserveAsync(day, Tier.A, 5_000)).Lease!;

        await _ledger.SettleAsync(lease, 3_000);
        var again = await _ledger.SettleAsync(lease, 3_000); // the first reply was lost; the worker tries again

        Assert.Equal(4_000, again);
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((4_000L, 0L, 3_000L), (counters.SpentMicros, counters.ReservedMicros, counters.SpentMicrosByTier[Tier.A]));
    }

    [Fact]
    public async Task A_reserve_retried_with_its_lease_id_reserves_once_and_one_released_meanwhile_is_refused()
    {
        var day = await DayWithSpendAsync(0);
        var id = BudgetLedger.NewLeaseId();
        var first = await _ledger.ReserveAsync(day, Tier.B, 2_000, Limits, Worker, Lease, leaseId: id);
        var retried = await _ledger.ReserveAsync(day, Tier.B, 2_000, Limits, Worker, Lease, leaseId: id);
        Assert.True(first.Allowed && retried.Allowed);
        Assert.Equal(2_000, (await _ledger.CountersAsync(day)).ReservedMicros);

        // The worker gave up on the call and released the lease; a late retry of the same reserve must not revive it.
        await _ledger.SettleAsync(first.Lease!, 0);
        var late = await _ledger.ReserveAsync(day, Tier.B, 2_000, Limits, Worker, Lease, leaseId: id);
        Assert.False(late.Allowed);
        var counters = await _ledger.CountersAsync(day);
        Assert.Equal((0L, 0L), (counters.SpentMicros, counters.ReservedMicros));
        Assert.Equal(0, await _ledger.SweepAsync(day));
    }

    [Fact]
    public async Task A_retry_attempt_of_an_admitted_tier_C_call_is_reserved_past_the_soft_limit()
    {
        var day = await DayWithSpendAsync(899_000); // soft limit 900,000
        Assert.False((await ReserveAsync(day, Tier.C, 5_000)).Allowed);
        var retry = await _ledger.ReserveAsync(day, Tier.C, 5_000, Limits, Worker, Lease, retry: true);
        Assert.True(retry.Allowed);
        Assert.Equal(Tier.C, retry.Lease!.Tier);
    }
}
