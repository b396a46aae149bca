using System.Diagnostics;
using System.Net.Http.Json;
using Aimo.BenchKit;
using Aimo.Core;
using Aimo.Core.Pricing;
using Aimo.Data.Llm;
using Aimo.Data.Queue;
using Aimo.Testing;
using Aspire.Hosting.Testing;

namespace Aimo.CostBench;

/// <summary>One run on a stack of its own: enqueue the workload, wait until every signature is classified or in review, read the figures.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class CostRun
{
    public static async Task<CostFigures> RunAsync(CostOptions options, bool learnCap, string layout, bool batchApi, string label)
    {
        var state = AimoStack.NewStateDirectory();
        var stack = await AimoStack.StartAsync(state, options.StackArgs(learnCap, layout, batchApi));
        try
        {
            using (var operations = stack.CreateOperatorClient())
            {
                var budget = new { dailyBudgetUsd = CostOptions.DailyBudgetUsd, softLimitFraction = 0.9m, timeZone = "UTC" };
                (await operations.PutAsJsonAsync("/api/budget", budget)).EnsureSuccessStatusCode();
            }
            await using var db = await stack.DatabaseAsync();
            await using var redis = await stack.ConnectRedisAsync();
            var clock = Stopwatch.StartNew();
            var queue = new SignatureQueue(redis);
            foreach (var chunk in Workload.Mixed(options.Run, options.Signatures).Chunk(500))
            {
                await queue.EnqueueAsync(chunk, TimeSpan.FromHours(1));
            }
            var done = await WaitUntilDoneAsync(db, options.Signatures, clock);
            var wall = clock.Elapsed;

            using var sim = stack.App.CreateHttpClient(ResourceNames.LlmSimulator);
            var counters = await SimCounters.ReadAsync(sim);
            var (calls, capHits) = await new OutputSamples(redis).CountsAsync(options.Model);
            var batches = (await db.RowsAsync(
                "SELECT count(*), coalesce(sum(input_tokens), 0), coalesce(sum(cached_input_tokens), 0), coalesce(sum(output_tokens), 0), "
                + "coalesce(sum(cost_usd_actual), 0) FROM batches"))[0];
            var input = Convert.ToInt64(batches[1], System.Globalization.CultureInfo.InvariantCulture);
            var output = Convert.ToInt64(batches[3], System.Globalization.CultureInfo.InvariantCulture);
            // Without prompt caching and the Batch API: the same tokens, every one at the synchronous list price.
            if (!PriceTable.Default.TryGetCost(options.Model, input, 0, output, out var uncached))
            {
                throw new InvalidOperationException($"{options.Model} has no price in AIMO's table.");
            }
            var jobs = (await db.RowsAsync("SELECT count(*), coalesce(sum(signatures), 0), coalesce(sum(cost_usd_actual), 0) FROM batch_jobs"))[0];
            return new CostFigures(label, options.Signatures, done,
                await db.CountAsync("SELECT count(*) FROM classifications"),
                await db.CountAsync("SELECT count(*) FROM signatures WHERE status = 'needs_review'"),
                wall, Convert.ToInt64(batches[0], System.Globalization.CultureInfo.InvariantCulture), input,
                Convert.ToInt64(batches[2], System.Globalization.CultureInfo.InvariantCulture), output, (decimal)batches[4]!, uncached,
                counters, calls, capHits, new JobFigures(Convert.ToInt64(jobs[0], System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToInt64(jobs[1], System.Globalization.CultureInfo.InvariantCulture), (decimal)jobs[2]!));
        }
        finally
        {
            await stack.DisposeAsync();
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>Signatures classified or in review, once all are or when nothing moved for <see cref="CostOptions.Stall"/>.</summary>
    private static async Task<long> WaitUntilDoneAsync(Npgsql.NpgsqlDataSource db, int expected, Stopwatch clock)
    {
        var (last, movedAt) = (-1L, clock.Elapsed);
        while (true)
        {
            var done = await db.CountAsync("SELECT count(*) FROM signatures WHERE status IN ('classified', 'needs_review')");
            if (done >= expected) return done;
            if (done != last) (last, movedAt) = (done, clock.Elapsed);
            else if (clock.Elapsed - movedAt > CostOptions.Stall)
            {
                Console.WriteLine($"  stalled at {done} of {expected} for {CostOptions.Stall.TotalMinutes} min: reporting what was done");
                return done;
            }
            await Task.Delay(500);
        }
    }
}
