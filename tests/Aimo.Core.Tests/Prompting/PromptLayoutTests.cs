using Aimo.Core.Classification;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;

namespace Aimo.Core.Tests.Prompting;

/// <summary>
/// The two prompt layouts, measured with the o200k tokenizer: the compact prefix is below the 1,024 tokens providers
/// cache from, the few-shot one above; and the examples are what the model's answers must look like.
/// </summary>
public sealed class PromptLayoutTests
{
    private static readonly int Compact = TokenEstimator.For(PromptLayout.Compact).StaticPrefixTokens;
    private static readonly int FewShot = TokenEstimator.For(PromptLayout.FewShot).StaticPrefixTokens;

    [Fact]
    public void Only_the_few_shot_prefix_is_long_enough_to_be_cached()
    {
        Assert.InRange(Compact, 1, PromptCaching.MinimumTokens - 1);
        Assert.InRange(FewShot, PromptCaching.MinimumTokens, 2 * PromptCaching.MinimumTokens);
        // Also without the schema (a server that counts messages only, as llm-sim does, still caches it).
        Assert.True(TokenEstimator.For(PromptLayout.FewShot).SystemPromptTokens >= PromptCaching.MinimumTokens);
    }

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
}
