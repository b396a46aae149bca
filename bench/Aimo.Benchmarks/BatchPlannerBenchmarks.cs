using Aimo.Core.Batching;
using BenchmarkDotNet.Attributes;

namespace Aimo.Benchmarks;

/// <summary>The issue asks for planning 1,000,000 signatures in well under a second.</summary>
[MemoryDiagnoser]
public class BatchPlannerBenchmarks
{
    private readonly record struct Item(int SampleChars);

    private Item[] _items = [];

    [Params(1_000_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        // Mostly small signatures, some large, a few over the 8,000-char limit.
        _items = [.. Enumerable.Range(0, Count).Select(_ => new Item(random.Next(100) switch
        {
            < 80 => random.Next(100, 800),
            < 98 => random.Next(800, 4_000),
            _ => random.Next(8_000, 32_000),
        }))];
    }

    [Benchmark(Baseline = true)]
    public int PlanRanges() => BatchPlanner.PlanRanges(_items, static i => i.SampleChars, BatchLimits.Default).Count;

    [Benchmark]
    public int Plan() => BatchPlanner.Plan(_items, static i => i.SampleChars, BatchLimits.Default).Count;
}
