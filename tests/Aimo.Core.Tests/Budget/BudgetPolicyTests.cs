using Aimo.Core.Budget;
using Aimo.Core.Signatures;

namespace Aimo.Core.Tests.Budget;

public class BudgetPolicyTests
{
    [Theory]
    [InlineData(Tier.A)]
    [InlineData(Tier.B)]
    public void A_and_B_are_allowed_even_over_budget(Tier tier)
    {
        var decision = BudgetPolicy.Decide(new BudgetSnapshot(10m, 12m, 3m), tier, 5m);
        Assert.True(decision.Allowed);
        Assert.Contains("always", decision.Reason);
    }

    [Fact]
    public void C_is_allowed_up_to_the_soft_limit_and_deferred_past_it()
    {
        var snapshot = new BudgetSnapshot(10m, 8m, 0.5m); // soft limit 9
        Assert.True(BudgetPolicy.Decide(snapshot, Tier.C, 0.5m).Allowed); // exactly 9: not past
        var deferred = BudgetPolicy.Decide(snapshot, Tier.C, 0.51m);
        Assert.True(deferred.Deferred);
        Assert.Contains("$9.01", deferred.Reason);
        Assert.Contains("soft limit $9", deferred.Reason);
    }

    [Fact]
    public void Reserved_spend_counts_like_spent() =>
        Assert.True(BudgetPolicy.Decide(new BudgetSnapshot(10m, 0m, 9m), Tier.C, 0.01m).Deferred);

    [Fact]
    public void C_decision_matches_the_rule_for_any_amounts() =>
        Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, 100])
            .Sample((budget, spent, reserved, estimate, percent) =>
            {
                var snapshot = new BudgetSnapshot(budget / 100m, spent / 100m, reserved / 100m, percent / 100m);
                var allowed = BudgetPolicy.Decide(snapshot, Tier.C, estimate / 100m).Allowed;
                Assert.Equal((spent + reserved + estimate) / 100m <= percent / 100m * (budget / 100m), allowed);
                Assert.True(BudgetPolicy.Decide(snapshot, Tier.A, estimate / 100m).Allowed);
            }, iter: 2_000);

    [Theory]
    [InlineData(0, 0, BudgetState.Open)]
    [InlineData(8.99, 0, BudgetState.Open)]
    [InlineData(8, 1, BudgetState.SoftLimited)]
    [InlineData(9.5, 0.49, BudgetState.SoftLimited)]
    [InlineData(9.5, 0.5, BudgetState.Exhausted)]
    [InlineData(20, 0, BudgetState.Exhausted)]
    public void State_is_open_soft_limited_or_exhausted(double spent, double reserved, BudgetState expected) =>
        Assert.Equal(expected, new BudgetSnapshot(10m, (decimal)spent, (decimal)reserved).State);

    [Fact]
    public void Negative_estimates_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPolicy.Decide(new BudgetSnapshot(1m, 0m, 0m), Tier.C, -1m));
}
