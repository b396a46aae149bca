using Aimo.Core.Batching;

namespace Aimo.Core.Tests.Batching;

public class BatchPlannerPropertyTests
{
    private sealed record Item(int Index, int Chars);

    // Sizes cluster around the limits so boundaries are hit often; some items exceed the char limit alone.
    private static readonly Gen<int> Chars = Gen.Frequency(
        (6, Gen.Int[0, 600]),
        (2, Gen.Int[0, 8_000]),
        (1, Gen.Int[7_990, 8_010]),
        (1, Gen.Int[8_001, 40_000]));

    private static readonly Gen<(Item[] Items, BatchLimits Limits)> Input =
        Gen.Select(Chars.Array[0, 200], Gen.Int[1, 25], Gen.Frequency((3, Gen.Const(8_000)), (1, Gen.Int[1, 10_000])))
            .Select((chars, maxSignatures, maxChars) => (
                chars.Select((c, i) => new Item(i, c)).ToArray(),
                new BatchLimits(maxSignatures, maxChars)));

    private static IReadOnlyList<IReadOnlyList<Item>> Plan(Item[] items, BatchLimits limits) =>
        BatchPlanner.Plan(items, i => i.Chars, limits);

    [Fact]
    public void Every_item_appears_exactly_once_in_order_and_no_batch_is_empty() =>
        Input.Sample(input =>
        {
            var batches = Plan(input.Items, input.Limits);
            Assert.All(batches, b => Assert.NotEmpty(b));
            Assert.Equal(input.Items.Select(i => i.Index), batches.SelectMany(b => b).Select(i => i.Index));
        }, iter: 2_000);

    [Fact]
    public void No_batch_breaks_a_limit_unless_it_holds_exactly_one_item() =>
        Input.Sample(input =>
        {
            foreach (var batch in Plan(input.Items, input.Limits))
            {
                Assert.True(batch.Count <= input.Limits.MaxSignatures);
                if (batch.Count > 1)
                {
                    Assert.True(batch.Sum(i => i.Chars) <= input.Limits.MaxSampleChars);
                }
            }
        }, iter: 2_000);

    [Fact]
    public void Every_batch_but_the_last_could_not_have_taken_the_next_item() =>
        Input.Sample(input =>
        {
            var batches = Plan(input.Items, input.Limits);
            for (var b = 0; b < batches.Count - 1; b++)
            {
                var next = batches[b + 1][0];
                var wouldCount = batches[b].Count + 1;
                var wouldChars = batches[b].Sum(i => i.Chars) + next.Chars;
                Assert.True(wouldCount > input.Limits.MaxSignatures || wouldChars > input.Limits.MaxSampleChars,
                    $"batch {b} could have taken item {next.Index}");
            }
        }, iter: 2_000);

    [Fact]
    public void Ranges_describe_the_same_plan_as_batches() =>
        Input.Sample(input =>
        {
            var ranges = BatchPlanner.PlanRanges(input.Items, i => i.Chars, input.Limits);
            var batches = Plan(input.Items, input.Limits);
            Assert.Equal(batches.Select(b => (b[0].Index, b.Count)), ranges);
        }, iter: 500);
}
