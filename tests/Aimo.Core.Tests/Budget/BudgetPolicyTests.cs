using Aimo.Core.Budget;
using Aimo.Core.Signatures;

namespace Aimo.Core.Tests.Budget;

public class BudgetPolicyTests
{
    private static BudgetSnapshot Snapshot(long budget, long spent, long reserved, decimal fraction = 0.9m) =>
        new(BudgetLimits.From(Micros.ToUsd(budget), fraction), spent, reserved);

    [Theory]
    [InlineData(Tier.A)]
    [InlineData(Tier.B)]
    public void A_and_B_are_allowed_even_over_budget(Tier tier)
    {
        var decision = BudgetPolicy.Decide(Snapshot(10_000_000, 12_000_000, 3_000_000), tier, 5_000_000);
        Assert.True(decision.Allowed);
        Assert.Contains("always", decision.Reason);
    }

    [Fact]
    public void C_is_allowed_up_to_the_soft_limit_and_deferred_past_it()
    {
        var snapshot = Snapshot(10_000_000, 8_000_000, 500_000); // soft limit $9
        Assert.True(BudgetPolicy.Decide(snapshot, Tier.C, 500_000).Allowed); // exactly $9: not past
        var deferred = BudgetPolicy.Decide(snapshot, Tier.C, 500_001);
        Assert.True(deferred.Deferred);
        Assert.Contains("$9.000001", deferred.Reason);
        Assert.Contains("soft limit $9", deferred.Reason);
    }

    [Fact]
    public void Reserved_spend_counts_like_spent() =>
        Assert.True(BudgetPolicy.Decide(Snapshot(10_000_000, 0, 9_000_000), Tier.C, 1).Deferred);

    [Fact]
    public void C_decision_matches_the_rule_for_any_amounts() =>
        Gen.Select(Gen.Long[0, 10_000_000], Gen.Long[0, 10_000_000], Gen.Long[0, 10_000_000], Gen.Long[0, 10_000_000], Gen.Int[1, 100])
            .Sample((budget, spent, reserved, estimate, percent) =>
            {
                var snapshot = Snapshot(budget, spent, reserved, percent / 100m);
                var allowed = BudgetPolicy.Decide(snapshot, Tier.C, estimate).Allowed;
                Assert.Equal(spent + reserved + estimate <= (long)Math.Floor(budget * (percent / 100m)), allowed);
                Assert.True(BudgetPolicy.Decide(snapshot, Tier.A, estimate).Allowed);
            }, iter: 2_000);

    [Theory]
    [InlineData(0, 0, BudgetState.Open)]
    [InlineData(8_990_000, 0, BudgetState.Open)]
    [InlineData(8_000_000, 1_000_000, BudgetState.SoftLimited)]
    [InlineData(9_500_000, 490_000, BudgetState.SoftLimited)]
    [InlineData(9_500_000, 500_000, BudgetState.Exhausted)]
    [InlineData(20_000_000, 0, BudgetState.Exhausted)]
    public void State_is_open_soft_limited_or_exhausted(long spent, long reserved, BudgetState expected) =>
        Assert.Equal(expected, Snapshot(10_000_000, spent, reserved).State);

    [Fact]
    public void Overspend_is_settled_spend_past_the_budget()
    {
        Assert.Equal(0, Snapshot(10_000_000, 9_000_000, 5_000_000).OverspendMicros);
        Assert.Equal(2_500_000, Snapshot(10_000_000, 12_500_000, 0).OverspendMicros);
    }

    [Fact]
    public void Limits_round_down_and_costs_round_up()
    {
        Assert.Equal(new BudgetLimits(1_000_000, 333_333), BudgetLimits.From(1m, 0.3333333m));
        Assert.Equal(2, Micros.FromCostUsd(0.0000011m));
    }

    [Fact]
    public void Negative_zero_is_a_zero_budget_and_negative_amounts_are_refused()
    {
        Assert.Equal(new BudgetLimits(0, 0), BudgetLimits.From(-0m, 0.9m));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetLimits.From(-0.01m, 0.9m));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetLimits.From(1m, 1.01m));
    }

    [Fact]
    public void Negative_estimates_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPolicy.Decide(Snapshot(1_000_000, 0, 0), Tier.C, -1));
}
