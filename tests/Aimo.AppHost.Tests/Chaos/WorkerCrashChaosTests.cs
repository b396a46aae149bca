using System.Globalization;
using Aimo.AppHost.Tests.Worker;
using Aimo.Core;
using Aimo.Core.Pricing;
using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.Chaos;

/// <summary>
/// Two worker replicas SIGKILLed at random moments while a backlog is classified, each restarted: every signature ends
/// classified or in review, each classified exactly once, and spend is never under-counted.
/// </summary>
public sealed class WorkerCrashChaosTests() : DedicatedStackTests([.. StackFixture.Settings, "--Aimo:WorkerReplicas=2"])
{
    [Fact]
    public async Task Every_signature_is_classified_exactly_once_through_five_worker_kills()
    {
        var count = LongTests.Pick(ci: 1_000, full: 5_000);
        await H.SetFaultsAsync(new { LatencyMs = 800, LatencyMaxMs = 1_600 });
        var ids = await H.EnqueueAsync(Tier.A, count);
        IReadOnlyList<string> workers;
        using (var find = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            workers = await Stack.InstancesAsync(ResourceNames.Worker, 2, find.Token);
        }
        Assert.Equal(2, workers.Count);

        var random = new Random(42);
        var kills = 0;
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            while (kills < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 4_000)), cts.Token);
                var victim = workers[random.Next(workers.Count)];
                await Stack.KillAsync(victim, cts.Token);
                await Stack.StartAgainAsync(victim, cts.Token);
                kills++;
            }
        }
        await H.WaitFinishedAsync(ids, TimeSpan.FromMinutes(LongTests.Pick(4, 12)));

        var classified = (await H.Db.RowsAsync("SELECT id FROM signatures WHERE status = 'classified' AND id = ANY($1)", [ids]))
            .Select(r => (string)r[0]!).ToArray();
        var reviewed = await H.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids);
        await H.AssertClassifiedExactlyOnceAsync(classified);
        Assert.Equal(ids.Length, classified.Length + reviewed);

        // Spend: what llm-sim billed (prompt and completion tokens at the model's price) is never more than what the budget
        // counts; the budget counts more only by rounding and by the killed calls it converted at their estimate.
        var stats = System.Text.Json.JsonDocument.Parse(await H.Sim.GetStringAsync("/sim/stats")).RootElement;
        var billed = PriceTable.Default.Cost(PricingOptions.SimulatorModel, stats.GetProperty("promptTokens").GetInt64(),
            stats.GetProperty("completionTokens").GetInt64()).Usd!.Value;
        var (spent, reserved, _) = await H.CountersAsync();
        var converted = (await H.ConvertedLeasesAsync()).Values.Sum(v => long.Parse(v.Split('|')[0], CultureInfo.InvariantCulture));
        var batchCosts = await H.DecimalAsync("SELECT coalesce(sum(cost_usd_actual), 0) FROM batches");
        var calls = stats.GetProperty("total").GetInt64();
        Console.WriteLine($"{count} signatures, {kills} kills: {classified.Length} classified, {reviewed} in review; spent {spent} µUSD, " +
            $"billed {Aimo.Core.Budget.Micros.FromCostUsd(billed)} µUSD, committed batches {Aimo.Core.Budget.Micros.FromCostUsd(batchCosts)} µUSD, converted leases {converted} µUSD, {calls} calls");
        Assert.Equal(0, reserved);
        Assert.True(spent >= Aimo.Core.Budget.Micros.FromCostUsd(billed) - calls, $"spent {spent} < billed {billed}");
        Assert.True(spent <= Aimo.Core.Budget.Micros.FromCostUsd(billed) + converted + calls, $"spent {spent} > billed {billed} + converted {converted}");
        Assert.True(Aimo.Core.Budget.Micros.FromCostUsd(batchCosts) <= spent + calls);
    }
}
