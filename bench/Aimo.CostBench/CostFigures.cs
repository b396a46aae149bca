using System.Globalization;
using Aimo.BenchKit;

namespace Aimo.CostBench;

/// <summary>What one run measured.</summary>
/// <param name="Done">Signatures classified or in review when the run ended (all of them unless it stalled).</param>
/// <param name="SettledUsd">The batches' cost as settled: cached input tokens at the cached rate.</param>
/// <param name="UncachedUsd">The same tokens, every one at the synchronous list price: the cost without prompt caching and the Batch API.</param>
/// <param name="Sim">llm-sim's counters: calls, tokens charged at admission, tokens used.</param>
/// <param name="Jobs">The Batch API jobs (<c>batch_jobs</c>): how many, the signatures they carried, their settled cost.</param>
/// <param name="CapCalls">The output cap's counts in Redis (<c>aimo:output:&lt;model&gt;:counts</c>): answered calls and cut-off answers.</param>
internal sealed record CostFigures(string Label, int Signatures, long Done, long Classified, long InReview, TimeSpan Wall, long Batches,
    long InputTokens, long CachedTokens, long OutputTokens, decimal SettledUsd, decimal UncachedUsd, SimCounters Sim, long CapCalls, long CapHits,
    JobFigures Jobs)
{
    private decimal PerThousand(decimal usd) => Done == 0 ? 0 : usd / Done * 1000;

    private double PerCall(long tokens) => Sim.Total == 0 ? 0 : (double)tokens / Sim.Total;

    /// <summary>One row per figure, one column per run: ready to paste into the README.</summary>
    public static void Print(IReadOnlyList<CostFigures> runs)
    {
        string Row(string name, Func<CostFigures, string> value) => $"| {name} | {string.Join(" | ", runs.Select(value))} |";
        string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        string[] rows =
        [
            Row("done (classified + review) / signatures", r => F($"{r.Classified:N0} + {r.InReview:N0} / {r.Signatures:N0}")),
            Row("wall time, signatures/s", r => F($"{r.Wall.TotalSeconds:F0} s, {r.Done / r.Wall.TotalSeconds:F1}/s")),
            Row("batches, LLM calls", r => F($"{r.Batches:N0}, {r.Sim.Total:N0}")),
            Row("input tokens (cached), output tokens", r => F($"{r.InputTokens:N0} ({r.CachedTokens:N0}), {r.OutputTokens:N0}")),
            Row("**USD per 1,000 signatures, with prompt caching** (as settled)", r => F($"{r.PerThousand(r.SettledUsd):F4}")),
            Row("USD per 1,000 signatures, the same tokens at the synchronous price without caching", r => F($"{r.PerThousand(r.UncachedUsd):F4}")),
            Row("**÷ the same tokens at the synchronous price**", r => F($"{(r.UncachedUsd == 0 ? 0 : r.SettledUsd / r.UncachedUsd):F2}x")),
            Row("Batch API jobs, signatures they carried, their USD", r => F($"{r.Jobs.Count:N0}, {r.Jobs.Signatures:N0}, {r.Jobs.CostUsd:F4}")),
            Row("**÷ the first run's USD per signature**", r => F($"{(runs[0].SettledUsd == 0 || r.Done == 0 ? 0 : r.SettledUsd / r.Done / (runs[0].SettledUsd / runs[0].Done)):F2}x")),
            Row("tokens per call: charged at admission / used", r => F($"{r.PerCall(r.Sim.ChargedTokens):N0} / {r.PerCall(r.Sim.UsedTokens):N0}")),
            Row("**charged ÷ used**", r => F($"{(r.Sim.UsedTokens == 0 ? 0 : (double)r.Sim.ChargedTokens / r.Sim.UsedTokens):F2}x")),
            Row("output cap: calls, cap hits (share)", r => F($"{r.CapCalls:N0}, {r.CapHits:N0} ({(r.CapCalls == 0 ? 0 : (double)r.CapHits / r.CapCalls):P1})")),
        ];
        Console.WriteLine();
        Console.WriteLine($"| figure | {string.Join(" | ", runs.Select(r => r.Label))} |");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
        foreach (var row in rows) Console.WriteLine(row);
    }
}

/// <summary>Tier C's Batch API jobs in one run.</summary>
internal sealed record JobFigures(long Count, long Signatures, decimal CostUsd);
