using System.ComponentModel.DataAnnotations;
using Aimo.Core.Pricing;

namespace Aimo.Core.Tests.Pricing;

public class PriceTableTests
{
    [Theory]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("GPT-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano")]
    [InlineData("o4-mini", "o4-mini")]
    [InlineData("gpt-5-mini", "gpt-5-mini")]
    [InlineData("aimo-sim-1", "aimo-sim-1")]
    public void Defaults_price_common_models_and_dated_snapshots(string model, string pricedAs)
    {
        Assert.True(PriceTable.Default.TryGetPrice(model, out _, out var key));
        Assert.Equal(pricedAs, key, ignoreCase: true);
    }

    [Theory]
    [InlineData("llama3.1:8b")]
    [InlineData("gpt-4o-audio-preview")]
    [InlineData("")]
    public void Unknown_models_are_unpriced_never_zero(string model)
    {
        Assert.False(PriceTable.Default.TryGetCost(model, 1_000, 1_000, out _));
        var cost = PriceTable.Default.Cost(model, 1_000, 1_000);
        Assert.False(cost.IsPriced);
        Assert.Null(cost.Usd);
    }

    [Fact]
    public void Cost_is_tokens_times_price_per_million_in_decimal()
    {
        Assert.True(PriceTable.Default.TryGetCost("gpt-4o", 1_000_000, 100_000, out var usd));
        Assert.Equal(2.50m + 1.00m, usd);
        Assert.Equal(new CostResult("gpt-4o-mini-2024-07-18", "gpt-4o-mini", 0.000_15m * 3 + 0.000_6m),
            PriceTable.Default.Cost("gpt-4o-mini-2024-07-18", 3_000, 1_000));
    }

    [Fact]
    public void The_simulator_costs_like_gpt_4o_mini_so_the_budget_is_exercised()
    {
        PriceTable.Default.TryGetPrice("aimo-sim-1", out var sim, out _);
        PriceTable.Default.TryGetPrice("gpt-4o-mini", out var mini, out _);
        Assert.Equal((mini.InputPerMillion, mini.OutputPerMillion), (sim.InputPerMillion, sim.OutputPerMillion));
        Assert.True(sim.InputPerMillion > 0);
    }

    [Fact]
    public void Configured_prices_add_to_and_override_the_defaults()
    {
        var options = new PricingOptions();
        options.Models["gpt-4o"] = new(5m, 15m);
        options.Models["llama3.1:8b"] = new(0m, 0m);
        var table = new PriceTable(options);
        Assert.True(table.TryGetCost("gpt-4o", 1_000_000, 0, out var gpt4o));
        Assert.Equal(5m, gpt4o);
        Assert.True(table.TryGetCost("llama3.1:8b", 1_000_000, 1_000_000, out var local));
        Assert.Equal(0m, local); // explicitly configured free, not silently free
    }

    [Fact]
    public void Negative_prices_fail_validation_and_construction()
    {
        var options = new PricingOptions();
        options.Models["bad"] = new(-1m, 1m);
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("Aimo:Pricing:Models:bad"));
        Assert.Throws<ArgumentException>(() => new PriceTable(options));
    }
}
