using Aimo.Core.Tokens;

namespace Aimo.Core.Tests.Tokens;

public sealed class OutputCapPolicyTests
{
    [Fact]
    public void Too_few_answers_keep_the_designs_room()
    {
        Assert.Null(OutputCapPolicy.Learn([.. Enumerable.Repeat(50.0, OutputCapPolicy.MinimumSamples - 1)]));
        Assert.Equal(20 * 300 + 256, OutputCapPolicy.MaxOutputTokens(20, null, 0));
    }

    [Fact]
    public void The_cap_is_the_99th_percentile_per_signature_with_a_margin()
    {
        // 99 calls at 40 tokens per signature and one at 90: the nearest-rank 99th percentile is 40.
        double[] samples = [.. Enumerable.Repeat(40.0, 99), 90.0];
        Assert.Equal(40 * OutputCapPolicy.Margin, OutputCapPolicy.Learn(samples));
        // Two outliers in 100 reach the 99th percentile.
        Assert.Equal(90 * OutputCapPolicy.Margin, OutputCapPolicy.Learn([.. Enumerable.Repeat(40.0, 98), 90.0, 90.0]));
        Assert.Equal((int)Math.Ceiling(20 * 50.0) + OutputCapPolicy.FixedOverhead + 128, OutputCapPolicy.MaxOutputTokens(20, 50.0, 128));
    }

    [Fact]
    public void The_learned_cap_never_exceeds_the_designs_room()
    {
        Assert.Equal(OutputCapPolicy.DesignTokensPerSignature, OutputCapPolicy.Learn([.. Enumerable.Repeat(1_000.0, 50)]));
    }

    [Fact]
    public void A_call_for_one_signature_keeps_the_designs_room_so_a_cut_off_answer_never_goes_to_review()
    {
        Assert.Equal(300 + 256, OutputCapPolicy.MaxOutputTokens(1, 40.0, 0));
        Assert.Equal(80 + OutputCapPolicy.FixedOverhead, OutputCapPolicy.MaxOutputTokens(2, 40.0, 0));
    }
}
