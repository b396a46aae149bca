using Aimo.Core.Batching;

namespace Aimo.Core.Tests.Batching;

public class BatchPlannerBoundaryTests
{
    private static int[] Sizes(IReadOnlyList<IReadOnlyList<int>> batches) => [.. batches.Select(b => b.Count)];

    private static IReadOnlyList<IReadOnlyList<int>> Plan(params int[] chars) =>
        BatchPlanner.Plan(chars, c => c, BatchLimits.Default);

    [Fact]
    public void Defaults_are_the_design_documents_20_and_8000()
    {
        Assert.Equal(20, BatchLimits.Default.MaxSignatures);
        Assert.Equal(8_000, BatchLimits.Default.MaxSampleChars);
        Assert.Equal("Aimo:Batching", BatchLimits.SectionName);
    }

    [Fact]
    public void Exactly_20_signatures_make_one_batch_and_21_make_two() =>
        Assert.Multiple(
            () => Assert.Equal([20], Sizes(Plan(Enumerable.Repeat(10, 20).ToArray()))),
            () => Assert.Equal([20, 1], Sizes(Plan(Enumerable.Repeat(10, 21).ToArray()))));

    [Fact]
    public void Exactly_8000_chars_fit_one_batch_and_8001_do_not() =>
        Assert.Multiple(
            () => Assert.Equal([2], Sizes(Plan(4_000, 4_000))),
            () => Assert.Equal([1, 1], Sizes(Plan(4_000, 4_001))),
            () => Assert.Equal([1], Sizes(Plan(8_000))),
            () => Assert.Equal([1], Sizes(Plan(8_001))));

    [Fact]
    public void A_giant_signature_between_small_ones_forms_its_own_batch() =>
        Assert.Equal([2, 1, 2], Sizes(Plan(100, 100, 50_000, 100, 100)));

    [Fact]
    public void Two_giants_in_a_row_are_two_batches() =>
        Assert.Equal([1, 1], Sizes(Plan(9_000, 9_000)));

    [Fact]
    public void Empty_input_gives_no_batches() => Assert.Empty(Plan());

    [Fact]
    public void Zero_char_items_still_cap_at_20() =>
        Assert.Equal([20, 20, 5], Sizes(Plan(new int[45])));

    [Fact]
    public void Negative_char_counts_are_rejected() =>
        Assert.Throws<ArgumentException>(() => Plan(10, -1));

    [Fact]
    public void A_million_signatures_plan_in_one_pass()
    {
        // Linear, not timed (a wall-clock bound fails on a loaded machine): each signature's size is read a bounded
        // number of times, so planning cannot go quadratic. The benchmarks in bench/ measure the speed.
        var chars = Enumerable.Range(0, 1_000_000).Select(i => (int)((i * 7919L) % 1_200)).ToArray();
        long reads = 0;
        var batches = BatchPlanner.Plan(chars, c => { reads++; return c; }, BatchLimits.Default);
        Assert.Equal(1_000_000, batches.Sum(b => b.Count));
        Assert.True(reads <= 2L * chars.Length, $"sizes read {reads:N0} times for {chars.Length:N0} signatures");
    }

    [Theory]
    [InlineData(0, 8_000)]
    [InlineData(1_001, 8_000)]
    [InlineData(20, 0)]
    public void Out_of_range_limits_fail_data_annotation_validation(int maxSignatures, int maxChars)
    {
        var limits = new BatchLimits(maxSignatures, maxChars);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            limits, new(limits), results, validateAllProperties: true));
    }
}
