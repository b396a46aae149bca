using System.Diagnostics;
using System.Text.Json;
using Aimo.BenchKit;
using Aimo.Core;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Testing;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Aimo.ThroughputBench;

/// <summary>One measured run on a stack of its own.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ThroughputRun
{
    private static readonly TimeSpan MaxWarmup = TimeSpan.FromMinutes(4);

    public static async Task<RunResult> RunAsync(BenchOptions options, int replicas)
    {
        var state = AimoStack.NewStateDirectory();
        await using var stack = await AimoStack.StartAsync(state, options.StackArgs(replicas));
        try
        {
            using var sim = stack.App.CreateHttpClient(ResourceNames.LlmSimulator);
            await using (var redis = await stack.ConnectRedisAsync())
            {
                var queue = new SignatureQueue(redis);
                var run = Guid.NewGuid().ToString("N")[..8];
                foreach (var chunk in Workload.Create(run, options.Signatures, Tier.A).Chunk(500))
                {
                    await queue.EnqueueAsync(chunk, TimeSpan.FromHours(1));
                }
            }
            var clock = Stopwatch.StartNew();
            // Steady state: the burst a full bucket allows is spent once either bucket is below a tenth of its limit.
            while (clock.Elapsed < MaxWarmup)
            {
                var limits = JsonDocument.Parse(await sim.GetStringAsync("/sim/limits")).RootElement;
                if (limits.GetProperty("remainingRequests").GetInt64() < options.RequestsPerMinute / 10
                    || limits.GetProperty("remainingTokens").GetInt64() < options.TokensPerMinute / 10)
                {
                    break;
                }
                await Task.Delay(1000);
            }
            var warmup = clock.Elapsed;
            await using var db = await stack.DatabaseAsync();
            const string classified = "SELECT count(*) FROM classifications";
            var start = await StatsAsync(sim) with { Classified = await db.CountAsync(classified) };
            var windowClock = Stopwatch.StartNew();
            await Task.Delay(options.Window);
            var end = await StatsAsync(sim) with { Classified = await db.CountAsync(classified) };
            return new RunResult(options, replicas, warmup, windowClock.Elapsed, start, end);
        }
        finally
        {
            await stack.DisposeAsync();
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<Stats> StatsAsync(HttpClient sim)
    {
        var counters = await SimCounters.ReadAsync(sim);
        var limits = JsonDocument.Parse(await sim.GetStringAsync("/sim/limits")).RootElement;
        return new Stats(counters.Total, counters.Admitted, counters.ChargedTokens, counters.UsedTokens, counters.RateLimited, counters.Outcome("ok"), 0,
            limits.GetProperty("remainingRequests").GetInt64(), limits.GetProperty("remainingTokens").GetInt64());
    }
}

/// <param name="RemainingRequests">What llm-sim's request bucket held at that moment (so is <paramref name="RemainingTokens"/>).</param>
/// <param name="UsedTokens">Prompt + completion tokens of the answered calls, against <paramref name="ChargedTokens"/> at admission.</param>
internal sealed record Stats(long Total, long Admitted, long ChargedTokens, long UsedTokens, long RateLimited, long Ok, long Classified, long RemainingRequests, long RemainingTokens);

internal sealed record RunResult(BenchOptions Options, int Replicas, TimeSpan Warmup, TimeSpan Window, Stats Start, Stats End)
{
    public void Print()
    {
        var minutes = Window.TotalMinutes;
        var requestsPerMinute = (End.Admitted - Start.Admitted) / minutes;
        var tokensPerMinute = (End.ChargedTokens - Start.ChargedTokens) / minutes;
        var requestShare = requestsPerMinute / Options.RequestsPerMinute;
        var tokenShare = tokensPerMinute / Options.TokensPerMinute;
        // What the buckets held at the start beyond what they hold at the end was admitted on top of the refill: without
        // it, the share of the limit's own rate that was used.
        var requestRefillShare = (End.Admitted - Start.Admitted - (Start.RemainingRequests - End.RemainingRequests)) / minutes / Options.RequestsPerMinute;
        var tokenRefillShare = (End.ChargedTokens - Start.ChargedTokens - (Start.RemainingTokens - End.RemainingTokens)) / minutes / Options.TokensPerMinute;
        var calls = End.Total - Start.Total;
        var limited = End.RateLimited - Start.RateLimited;
        var binding = tokenShare >= requestShare ? "tokens" : "requests";
        Console.WriteLine($"  steady state after {Warmup.TotalSeconds:F0} s; window {Window.TotalSeconds:F0} s");
        Console.WriteLine($"  requests/min {requestsPerMinute:F0} = {requestShare:P1} of {Options.RequestsPerMinute}");
        Console.WriteLine($"  tokens/min   {tokensPerMinute:N0} = {tokenShare:P1} of {Options.TokensPerMinute:N0} (prompt + output limit, as the limit counts them)");
        // Per call, not per window: calls admitted before the window are answered in it, and the two counts differ.
        var chargedPerCall = (double)(End.ChargedTokens - Start.ChargedTokens) / Math.Max(1, End.Admitted - Start.Admitted);
        var usedPerCall = (double)(End.UsedTokens - Start.UsedTokens) / Math.Max(1, End.Ok - Start.Ok);
        Console.WriteLine($"  per call: {chargedPerCall:N0} tokens charged at admission, {usedPerCall:N0} used (prompt + answer): {chargedPerCall / usedPerCall:F2}x");
        Console.WriteLine($"  binding limit: {binding}, used {Math.Max(requestShare, tokenShare):P1}; "
            + $"{Math.Max(requestRefillShare, tokenRefillShare):P1} of its rate once the bucket's change over the window is taken out");
        Console.WriteLine($"  calls {calls}, answered 429 {limited} = {(calls == 0 ? 0 : (double)limited / calls):P2}; answered ok {End.Ok - Start.Ok}");
        Console.WriteLine($"  signatures classified {(End.Classified - Start.Classified) / Window.TotalSeconds:F1}/s");
        // A backlog that ran dry leaves the worker idle and the limit unused: the window measured the workload, not the limit.
        var left = Options.Signatures - End.Classified;
        Console.WriteLine($"  backlog left unclassified at the end: {left:N0}{(left < Options.Signatures / 20 ? " — TOO SMALL: run again with more --signatures" : "")}");
    }
}
