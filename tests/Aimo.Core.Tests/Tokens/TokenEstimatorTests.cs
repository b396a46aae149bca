using Aimo.Core.Batching;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;

namespace Aimo.Core.Tests.Tokens;

public class TokenEstimatorTests
{
    private static readonly TokenEstimator Estimator = TokenEstimator.Default;

    [Fact]
    public void Prompt_and_schema_counts_come_from_the_real_texts()
    {
        Assert.Equal(Estimator.CountExact(ClassificationPrompt.SystemPrompt), Estimator.SystemPromptTokens);
        Assert.Equal(Estimator.CountExact(ClassificationSchema.Text), Estimator.SchemaTokens);
        // o200k: far fewer tokens than chars, far more than zero.
        Assert.InRange(Estimator.SystemPromptTokens, ClassificationPrompt.SystemPrompt.Length / 8, ClassificationPrompt.SystemPrompt.Length / 2);
        Assert.InRange(Estimator.SchemaTokens, 20, ClassificationSchema.Text.Length / 2);
    }

    [Fact]
    public void Known_o200k_counts() =>
        Assert.Multiple(
            () => Assert.Equal(0, Estimator.CountExact("")),
            () => Assert.Equal(2, Estimator.CountExact("Hello world")));

    [Fact]
    public void Estimate_follows_the_design_formula()
    {
        var estimate = Estimator.Estimate(signatureCount: 20, sampleChars: 8_003);
        Assert.Equal(Estimator.SystemPromptTokens + Estimator.SchemaTokens + 2_000, estimate.InputTokens);
        Assert.Equal(3_000, estimate.OutputTokens);
    }

    [Fact]
    public void Request_count_is_within_a_factor_of_the_estimate_for_a_realistic_batch()
    {
        var signatures = Enumerable.Range(0, 20).Select(i => SignatureFormatter.Format(new Signature(
            $"sig_{i}", Tier.A, "POST", $"api{i}.example.com", "/v1/items/{id}",
            [$"POST https://api{i}.example.com/v1/items/123?user=alice&q=report+{i}", "User-Agent: Mozilla/5.0"]))).ToList();
        var prompt = ClassificationPrompt.BuildUserPrompt(signatures);
        var exact = Estimator.CountRequest(prompt);
        var estimate = Estimator.Estimate(signatures.Count, signatures.Sum(s => s.SampleChars)).InputTokens;
        Assert.InRange((double)estimate / exact, 0.5, 2.0);
        Assert.True(exact > Estimator.SystemPromptTokens + Estimator.SchemaTokens);
    }

    [Fact]
    public void Negative_inputs_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Estimator.Estimate(-1, 0));

    [Fact]
    public void Default_is_one_shared_instance() => Assert.Same(TokenEstimator.Default, TokenEstimator.Default);
}
