using Aimo.Core.Pricing;
using Aimo.Worker.Budget;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    public void A_dated_snapshot_is_priced_by_its_own_entry()
    {
        var pricing = ModelPricing.Resolve("gpt-4o-2024-05-13", new PricingOptions());
        Assert.False(pricing.IsFallback);
        Assert.Equal("gpt-4o-2024-05-13", pricing.PricedAs);
        Assert.Equal(5_000_000 + 15_000_000, pricing.CostMicros(1_000_000, 1_000_000));
    }

    [Fact]
    public void An_unknown_dated_snapshot_stops_the_worker_like_any_unpriced_model()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelPricing.Resolve("gpt-4o-2099-01-01", new PricingOptions()));
        Assert.Contains("Aimo:Pricing:Models:gpt-4o-2099-01-01:InputPerMillion", error.Message);
    }

    [Fact]
    public void A_model_name_with_a_colon_is_priced_through_a_list_entry_in_the_workers_configuration()
    {
        // .NET configuration reads ':' as a separator: "Models:qwen2.5:7b:InputPerMillion" cannot name an Ollama tag.
        var unpriced = Assert.Throws<InvalidOperationException>(() => ModelPricing.Resolve("qwen2.5:7b", new PricingOptions()));
        Assert.Contains("Aimo:Pricing:Models:0:Name=qwen2.5:7b", unpriced.Message);

        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Aimo:Pricing:Models:0:Name"] = "qwen2.5:7b",
                ["Aimo:Pricing:Models:0:InputPerMillion"] = "0.02",
                ["Aimo:Pricing:Models:0:OutputPerMillion"] = "0.05",
                ["Aimo:Pricing:Models:gpt-4o:InputPerMillion"] = "3",
            }).Build())
            .AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName).ValidateDataAnnotations().Services
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<PricingOptions>>().Value;

        var qwen = ModelPricing.Resolve("qwen2.5:7b", options);
        Assert.False(qwen.IsFallback);
        Assert.Equal(20_000 + 50_000, qwen.CostMicros(1_000_000, 1_000_000));
        var gpt4o = ModelPricing.Resolve("gpt-4o", options);
        Assert.Equal((3m, 10m, 1.25m), (gpt4o.Price.InputPerMillion, gpt4o.Price.OutputPerMillion, gpt4o.Price.CachedInputPerMillion));
    }

    [Fact]
    public void Cached_input_tokens_cost_the_cached_rate()
    {
        var pricing = ModelPricing.Resolve("gpt-4.1", new PricingOptions());
        // 1M input of which 750k cached (gpt-4.1 caches at a quarter of its input price), no output.
        Assert.Equal(250_000 * 2 + 750_000 / 2, pricing.CostMicros(1_000_000, 750_000, 0));
    }

    [Fact]
    public void Costs_round_up_to_the_next_micro_dollar()
    {
        var pricing = ModelPricing.Resolve("gpt-4o-mini", new PricingOptions());
        Assert.Equal(1, pricing.CostMicros(1, 0)); // 0.15 µUSD
    }
}
