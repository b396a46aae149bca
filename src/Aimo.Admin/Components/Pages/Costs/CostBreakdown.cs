using Aimo.Data.Queries.Dashboard;

namespace Aimo.Admin.Components.Pages.Costs;

public enum CostGroup
{
    Model,
    Tier,
    /// <summary>How it was paid: synchronous calls, or answers of the provider's Batch API at its price.</summary>
    Path,
}

/// <summary>Spend per bucket and group (model or tier), with every bucket present (zero when nothing ran) and totals.</summary>
public sealed record CostBreakdown(IReadOnlyList<string> Groups, decimal[][] PerBucket, decimal[] GroupTotals, int UnpricedBatches)
{
    public decimal Total => GroupTotals.Sum();

    public decimal BucketTotal(int bucket) => PerBucket[bucket].Sum();

    public const string Synchronous = "synchronous";
    public const string BatchApi = "Batch API";

    public static CostBreakdown From(IReadOnlyList<CostCell> cells, int buckets, CostGroup group)
    {
        if (group == CostGroup.Path)
        {
            // Each cell's spend in two parts; a path with nothing spent is left out, like a model that did not run.
            cells = [.. cells.SelectMany(c => new[]
            {
                c with { Model = Synchronous, CostUsd = c.CostUsd - c.BatchApiUsd, BatchApiUsd = 0 },
                c with { Model = BatchApi, CostUsd = c.BatchApiUsd, UnpricedBatches = 0 },
            }).Where(c => c.CostUsd != 0 || c.UnpricedBatches > 0)];
        }
        string Key(CostCell c) => group == CostGroup.Tier ? c.Tier : c.Model;
        // Biggest spender first: the legend and the table read in order of importance.
        var groups = cells.GroupBy(Key).OrderByDescending(g => g.Sum(c => c.CostUsd)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var index = groups.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i, StringComparer.Ordinal);
        var perBucket = Enumerable.Range(0, buckets).Select(_ => new decimal[groups.Count]).ToArray();
        foreach (var cell in cells)
        {
            perBucket[cell.Bucket][index[Key(cell)]] += cell.CostUsd;
        }
        var totals = groups.Select((_, i) => perBucket.Sum(b => b[i])).ToArray();
        return new CostBreakdown(groups, perBucket, totals, cells.Sum(c => c.UnpricedBatches));
    }
}
