using Aimo.Core.Pricing;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>The budget checks on synthetic readings: each bound is reported when broken and only then.</summary>
public sealed class BudgetChecksTests
{
    // 1 µUSD per token, 100 fixed input tokens: a request of 2 signatures and 40 characters is estimated 100 + 10 + 300 = 410 µ.
    private static readonly SpendModel Model = new(100, new ModelPrice(1, 1), 150);
    private static readonly DateOnly Day = new(2026, 12, 1);
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static SimCall Call(double from, double to, bool gone = false) =>
        new(T0.AddSeconds(from), T0.AddSeconds(to), Signatures: 2, PromptChars: 40, Billed: !gone, BilledUsd: gone ? 0 : 0.00025m, ClientGone: gone);

    private static PauseWindow Freeze(double from, double to) => new(T0.AddSeconds(from), T0.AddSeconds(from + 0.1), T0.AddSeconds(to));

    /// <summary>1,000 µ spent before, billed $0.000500 (500 µ) over two requests.</summary>
    private static SpendReadings Readings(long spentAfter) => new(
        Day, Day, SpentBefore: 1_000, SpentAfter: spentAfter, ReservedAfter: 0, LeasesAfter: 0,
        ConvertedBefore: new Dictionary<string, long> { ["old"] = 999 }, ConvertedAfter: new Dictionary<string, long> { ["old"] = 999 },
        MirrorAfter: spentAfter, BilledUsd: 0.0005m, Calls: [Call(0, 1), Call(2, 3)], Pauses: []);

    private static List<ViolationKind> Kinds(SpendReadings readings) => [.. BudgetChecks.Check(readings, Model).Select(v => v.Kind)];

    [Fact]
    public void Spend_between_billed_and_billed_plus_rounding_passes()
    {
        Assert.Empty(Kinds(Readings(1_500)));
        Assert.Empty(Kinds(Readings(1_502)));
    }

    [Fact]
    public void Spend_below_what_was_billed_is_reported()
    {
        Assert.Equal([ViolationKind.SpendBelowBilled], Kinds(Readings(1_499)));
    }

    [Fact]
    public void Spend_above_billed_is_reported_unless_a_converted_lease_or_a_call_the_worker_may_not_have_seen_explains_it()
    {
        var over = Readings(1_500 + 400);

        Assert.Equal([ViolationKind.SpendAboveBound], Kinds(over));
        Assert.Empty(Kinds(over with { ConvertedAfter = new Dictionary<string, long> { ["old"] = 999, ["new"] = 400 } }));
        Assert.Empty(Kinds(over with { Calls = [.. over.Calls, Call(4, 5, gone: true)] }));
        // In flight when a worker froze (or answered just before): the answer may have gone unread.
        Assert.Empty(Kinds(over with { Pauses = [Freeze(2.5, 8)] }));
        Assert.Empty(Kinds(over with { Pauses = [Freeze(3.5, 8)] }));
        Assert.Equal([ViolationKind.SpendAboveBound], Kinds(over with { Pauses = [Freeze(4.5, 8)] }));
        // Started well after the freeze took hold, while it lasted: the frozen worker sent nothing then, so it is the other replica's.
        Assert.Equal([ViolationKind.SpendAboveBound], Kinds(over with { Calls = [Call(10, 11), Call(12, 13)], Pauses = [Freeze(5, 20)] }));
        // A lease that was converted before the schedule explains nothing in it.
        Assert.Equal([ViolationKind.SpendAboveBound], Kinds(over with { ConvertedBefore = new Dictionary<string, long> { ["old"] = 999, ["new"] = 400 },
            ConvertedAfter = new Dictionary<string, long> { ["old"] = 999, ["new"] = 400 } }));
    }

    [Fact]
    public void A_reservation_left_after_quiescence_and_a_mirror_that_differs_from_redis_are_reported()
    {
        Assert.Equal([ViolationKind.ReservationLeft], Kinds(Readings(1_500) with { LeasesAfter = 1, ReservedAfter = 410 }));
        Assert.Equal([ViolationKind.MirrorMismatch], Kinds(Readings(1_500) with { MirrorAfter = 1_400 }));
        Assert.Equal([ViolationKind.MirrorMismatch], Kinds(Readings(1_500) with { MirrorAfter = null }));
    }

    [Fact]
    public void A_schedule_that_crossed_midnight_is_not_checked()
    {
        Assert.Empty(Kinds(Readings(0) with { DayAfter = Day.AddDays(1) }));
    }

    [Fact]
    public void The_worker_model_estimates_a_request_as_the_design_does()
    {
        var model = SpendModel.Worker;
        var call = new SimCall(T0, T0, Signatures: 20, PromptChars: 8_000, Billed: false, BilledUsd: 0, ClientGone: true);

        // aimo-sim-1 at $0.15 / $0.60 per million: input = fixed + 2,000, output = 3,000 tokens.
        Assert.Equal(Aimo.Core.Budget.Micros.FromCostUsd(((model.FixedInputTokens + 2_000) * 0.15m + 3_000 * 0.60m) / 1_000_000m), model.EstimateMicros(call));
    }
}
