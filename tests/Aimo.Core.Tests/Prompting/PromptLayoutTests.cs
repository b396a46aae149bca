using Aimo.Core.Classification;
using Aimo.Core.Pricing;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;

namespace Aimo.Core.Tests.Prompting;

/// <summary>
/// The two prompt layouts, measured with the o200k tokenizer: the compact prefix is below the 1,024 tokens providers
/// cache from, the few-shot one above; and which one is cheaper depends on how far the model's cached rate is below its
/// input rate.
/// </summary>
public sealed class PromptLayoutTests
{
    private static readonly int Compact = TokenEstimator.For(PromptLayout.Compact).StaticPrefixTokens;
    private static readonly int FewShot = TokenEstimator.For(PromptLayout.FewShot).StaticPrefixTokens;

    [Fact]
    public void Only_the_few_shot_prefix_is_long_enough_to_be_cached()
    {
        Assert.InRange(Compact, 1, PromptLayouts.CacheMinimumTokens - 1);
        Assert.InRange(FewShot, PromptLayouts.CacheMinimumTokens, 2 * PromptLayouts.CacheMinimumTokens);
        // Also without the schema (a server that counts messages only, as llm-sim does, still caches it).
        Assert.True(TokenEstimator.For(PromptLayout.FewShot).SystemPromptTokens >= PromptLayouts.CacheMinimumTokens);
    }

    [Theory]
    [InlineData("gpt-4o-mini", PromptLayout.Compact)] // cached at 50 %: the longer prefix costs more than it saves
    [InlineData("gpt-4o", PromptLayout.Compact)]
    [InlineData("gpt-4.1-mini", PromptLayout.FewShot)] // cached at 25 %
    [InlineData("gpt-4.1", PromptLayout.FewShot)]
    [InlineData("gpt-5-mini", PromptLayout.FewShot)] // cached at 10 %
    [InlineData("o4-mini", PromptLayout.FewShot)]
    public void The_cheaper_layout_follows_the_models_cached_rate(string model, PromptLayout expected)
    {
        Assert.True(new PriceTable(new PricingOptions()).TryGetPrice(model, out var price));
        var layout = PromptLayouts.Cheaper(price, Compact, FewShot);
        Assert.Equal(expected, layout);
        var other = layout == PromptLayout.FewShot ? PromptLayout.Compact : PromptLayout.FewShot;
        Assert.True(Cost(price, layout) < Cost(price, other));
    }

    [Fact]
    public void A_model_without_a_cached_rate_never_pays_for_a_longer_prefix() =>
        Assert.Equal(PromptLayout.Compact, PromptLayouts.Cheaper(new ModelPrice(1m, 2m), Compact, FewShot));

    [Fact]
    public void Every_example_is_a_block_line_and_an_answer_the_validator_would_accept()
    {
        var lines = PromptExamples.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var signatures = lines.Where(l => l.StartsWith("Signature: ", StringComparison.Ordinal)).Select(l => l["Signature: ".Length..]).ToList();
        var answers = lines.Where(l => l.StartsWith("Result: ", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonSerializer.Deserialize<ClassificationResult>(l["Result: ".Length..], AimoJson.Options)!).ToList();
        var entries = SignatureBlock.Parse($"{SignatureBlock.OpenTag}\n{string.Join('\n', signatures)}\n{SignatureBlock.CloseTag}");
        Assert.Equal(entries.Select(e => e.Id), answers.Select(a => a.Id));
        Assert.All(answers, a => Assert.InRange(a.Confidence, 0, 1));
        Assert.Contains(answers, a => a.Category == Category.MalwareC2);
        // The examples never use the data block's tags, so no example can be read as part of a batch.
        Assert.DoesNotContain(SignatureBlock.OpenTag, PromptExamples.Text);
    }

    // Expected input cost of one call's static prefix at the assumed hit ratio.
    private static decimal Cost(ModelPrice price, PromptLayout layout) =>
        PromptLayouts.PrefixCost(price, layout == PromptLayout.FewShot ? FewShot : Compact);
}
