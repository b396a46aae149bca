using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Aimo.Core.Pricing;

namespace Aimo.Core.Tests.Pricing;

public class PriceTableTests
{
    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-2024-08-06")]
    [InlineData("GPT-4o-mini-2024-07-18")]
    [InlineData("gpt-4.1-nano-2025-04-14")]
    [InlineData("gpt-5-mini")]
    [InlineData("aimo-sim-1")]
    public void Defaults_price_common_models_and_their_dated_snapshots_each_by_its_own_entry(string model)
    {
        Assert.True(PriceTable.Default.TryGetPrice(model, out var price));
        Assert.True(price.InputPerMillion > 0);
    }

    [Fact]
    public void A_dated_snapshot_has_its_own_price_not_its_base_models()
    {
        // gpt-4o-2024-05-13 lists at 5.00/15.00, twice gpt-4o: borrowing gpt-4o's price under-counted it by half.
        Assert.True(PriceTable.Default.TryGetCost("gpt-4o-2024-05-13", 1_000_000, 1_000_000, out var usd));
        Assert.Equal(5.00m + 15.00m, usd);
    }

    [Theory]
    [InlineData("gpt-4o-2099-01-01")]
    [InlineData("gpt-4o-mini-0613")]
    public void An_unknown_dated_snapshot_is_unpriced(string model) =>
        Assert.False(PriceTable.Default.TryGetPrice(model, out _));

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
        Assert.Equal(new CostResult("gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18", 0.000_15m * 3 + 0.000_6m),
            PriceTable.Default.Cost("gpt-4o-mini-2024-07-18", 3_000, 1_000));
    }

    [Fact]
    public void The_simulator_costs_like_gpt_4o_mini_so_the_budget_is_exercised()
    {
        PriceTable.Default.TryGetPrice("aimo-sim-1", out var sim);
        PriceTable.Default.TryGetPrice("gpt-4o-mini", out var mini);
        Assert.Equal((mini.InputPerMillion, mini.OutputPerMillion, mini.CachedInputPerMillion, mini.BatchInputPerMillion, mini.BatchOutputPerMillion),
            (sim.InputPerMillion, sim.OutputPerMillion, sim.CachedInputPerMillion, sim.BatchInputPerMillion, sim.BatchOutputPerMillion));
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

    [Fact]
    public void Cached_input_is_billed_at_the_cached_rate_and_at_the_full_rate_when_none_is_known()
    {
        // 10,000 input tokens of which 8,192 were cached, 500 output: gpt-4o-mini caches at half its input price.
        Assert.True(PriceTable.Default.TryGetCost("gpt-4o-mini", 10_000, 8_192, 500, out var mini));
        Assert.Equal((1_808 * 0.15m + 8_192 * 0.075m + 500 * 0.60m) / 1_000_000m, mini);
        // gpt-4o-2024-05-13 has no cached rate: the discount is never assumed.
        Assert.True(PriceTable.Default.TryGetCost("gpt-4o-2024-05-13", 10_000, 8_192, 0, out var old));
        Assert.Equal(10_000 * 5.00m / 1_000_000m, old);
        // A report of more cached tokens than input cannot make a call cheaper than all-cached.
        Assert.True(PriceTable.Default.TryGetCost("gpt-4o-mini", 1_000, 5_000, 0, out var clamped));
        Assert.Equal(1_000 * 0.075m / 1_000_000m, clamped);
    }

    [Fact]
    public void Every_listed_price_equals_the_public_figures_of_the_pinned_price_file()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pricing", "litellm-prices.json")));
        var published = file.RootElement.GetProperty("models");
        foreach (var (model, price) in PricingOptions.Defaults().Where(p => p.Key != PricingOptions.SimulatorModel))
        {
            Assert.True(published.TryGetProperty(model, out var entry), $"{model} is not in the pinned price file");
            Assert.Equal((Rate(entry, "input_cost_per_token"), model), ((decimal?)price.InputPerMillion, model));
            Assert.Equal((Rate(entry, "output_cost_per_token"), model), ((decimal?)price.OutputPerMillion, model));
            Assert.Equal((Rate(entry, "cache_read_input_token_cost"), model), (price.CachedInputPerMillion, model));
            // OpenAI bills its Batch API at half the price; where the file lists no batch rate, that rule is the figure.
            Assert.Equal((Rate(entry, "input_cost_per_token_batches") ?? price.InputPerMillion / 2, model), (price.BatchInputPerMillion, model));
            Assert.Equal((Rate(entry, "output_cost_per_token_batches") ?? price.OutputPerMillion / 2, model), (price.BatchOutputPerMillion, model));
        }

        static decimal? Rate(JsonElement entry, string field) => entry.TryGetProperty(field, out var value)
            ? decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) * 1_000_000m
            : null;
    }
}
