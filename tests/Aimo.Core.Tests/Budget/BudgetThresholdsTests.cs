using Aimo.Core.Budget;

namespace Aimo.Core.Tests.Budget;

public sealed class BudgetThresholdsTests
{
    private static IReadOnlyList<string> Crossed(decimal budget, decimal spent, decimal reserved = 0, decimal soft = 0.9m) =>
        BudgetThresholds.Crossed(new BudgetSnapshot(BudgetLimits.From(budget, soft), Micros.FromCostUsd(spent), Micros.FromCostUsd(reserved)),
            BudgetThresholds.DefaultFractions).Select(t => t.Id).ToList();

    [Fact]
    public void Nothing_is_crossed_below_half_the_budget() => Assert.Empty(Crossed(10m, 4.99m));

    [Fact]
    public void Half_the_budget_crosses_50_percent_exactly_at_the_mark() => Assert.Equal(["spent-50"], Crossed(10m, 5m));

    [Fact]
    public void Reservations_in_flight_do_not_raise_an_alert() => Assert.Empty(Crossed(10m, 1m, reserved: 8m));

    [Fact]
    public void Thresholds_come_least_severe_first_with_the_soft_limit_between_80_and_100() =>
        Assert.Equal(["spent-50", "spent-80", "soft-limit"], Crossed(10m, 9.2m));

    [Fact]
    public void A_soft_limit_below_80_percent_comes_before_it() =>
        Assert.Equal(["spent-50", "soft-limit", "spent-80"], Crossed(10m, 8m, soft: 0.6m));

    [Fact]
    public void Spending_the_whole_budget_is_100_percent_but_not_yet_overspend() =>
        Assert.Equal(["spent-50", "spent-80", "soft-limit", "spent-100"], Crossed(10m, 10m));

    [Fact]
    public void A_and_B_past_the_budget_is_overspend() =>
        Assert.Equal(["spent-50", "spent-80", "soft-limit", "spent-100", "overspend"], Crossed(10m, 10.01m));

    [Fact]
    public void With_no_budget_only_spending_at_all_is_an_alert()
    {
        Assert.Empty(Crossed(0m, 0m));
        Assert.Equal(["overspend"], Crossed(0m, 0.0001m));
    }

    [Fact]
    public void Configured_fractions_outside_0_to_1_are_ignored_and_ids_name_the_percentage()
    {
        var snapshot = new BudgetSnapshot(BudgetLimits.From(100m, 1m), Micros.FromCostUsd(30m), 0);
        var ids = BudgetThresholds.Crossed(snapshot, [0.25m, 0.333m, 0m, 1.5m]).Select(t => t.Id);
        Assert.Equal(["spent-25"], ids);
        Assert.Equal("spent-33.3", BudgetThresholds.FractionId(0.333m));
    }
}
