using Aimo.Core.Pricing;
using Aimo.Worker.Budget;

namespace Aimo.Worker.Tests;

/// <summary>An unpriced model never runs for free: the worker refuses to start unless a fallback price is set.</summary>
public sealed class ModelPricingTests
{
    [Fact]
    public void An_unpriced_model_without_a_fallback_stops_the_worker_naming_the_settings_to_add()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelPricing.Resolve("my-azure-deployment", new PricingOptions()));
        Assert.Contains("Aimo:Pricing:Models:my-azure-deployment:InputPerMillion", error.Message);
        Assert.Contains("Aimo:Pricing:Fallback", error.Message);
    }

    [Fact]
    public void A_fallback_price_is_used_and_flagged()
    {
        var pricing = ModelPricing.Resolve("my-azure-deployment", new PricingOptions { Fallback = new ModelPrice(5m, 15m) });
        Assert.True(pricing.IsFallback);
        Assert.Equal(5 + 15, pricing.CostMicros(1_000_000, 1_000_000) / 1_000_000);
    }

    [Fact]
    public void A_priced_model_uses_the_table_also_for_dated_snapshots()
    {
        var pricing = ModelPricing.Resolve("gpt-4o-mini-2024-07-18", new PricingOptions());
        Assert.False(pricing.IsFallback);
        Assert.Equal("gpt-4o-mini", pricing.PricedAs);
        Assert.Equal(150_000 + 600_000, pricing.CostMicros(1_000_000, 1_000_000));
    }

    [Fact]
    public void Costs_round_up_to_the_next_micro_dollar()
    {
        var pricing = ModelPricing.Resolve("gpt-4o-mini", new PricingOptions());
        Assert.Equal(1, pricing.CostMicros(1, 0)); // 0.15 µUSD
    }
}
