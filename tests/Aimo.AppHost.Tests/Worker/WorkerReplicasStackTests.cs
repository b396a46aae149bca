using Aimo.Core.Signatures;
using StackExchange.Redis;
using Aimo.Data.Budget;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Two worker replicas on their own stack (not the shared fixture: the budget counters must start from zero so they
/// can be checked exactly): nothing classified twice, and the reservation model accounts for every batch.
/// </summary>
// A replica reads 20 entries at a time: with adaptive concurrency one replica would otherwise take most of 200
// signatures before the other polls.
public sealed class WorkerReplicasStackTests()
    : DedicatedStackTests("--Aimo:WorkerReplicas=2", "--Services:worker:Aimo:Worker:ReadCount=20")
{
    [Fact]
    public async Task Two_replicas_classify_200_signatures_exactly_once_and_spend_exactly_what_the_batches_cost()
    {
        // A little latency keeps batches in flight on both replicas at once.
        await H.SetFaultsAsync(new { LatencyMs = 150 });
        await H.WaitForWorkersAsync(2, TimeSpan.FromMinutes(1));
        using var done = new CancellationTokenSource();
        var working = H.ConsumersHoldingEntriesAsync(done.Token);
        var batches = await Task.WhenAll(H.EnqueueAsync(Tier.A, 80), H.EnqueueAsync(Tier.B, 60), H.EnqueueAsync(Tier.C, 60));
        string[] ids = [.. batches.SelectMany(b => b)];

        await H.WaitForStatusAsync(ids, "classified", TimeSpan.FromSeconds(90));
        await done.CancelAsync();
        await H.AssertClassifiedExactlyOnceAsync(ids);

        // Every reservation was settled, and the day's spend is exactly the batches' actual costs (each rounded up to a micro-dollar).
        var (spentMicros, reservedMicros) = await BudgetCountersAsync();
        Assert.Equal(0, reservedMicros);
        await using var cmd = H.Db.CreateCommand("SELECT cost_usd_actual FROM batches");
        await using var reader = await cmd.ExecuteReaderAsync();
        long costMicros = 0;
        var batchCount = 0;
        while (await reader.ReadAsync())
        {
            Assert.False(reader.IsDBNull(0), "a batch without an actual cost (the simulator's model is priced)");
            costMicros += (long)Math.Ceiling(reader.GetDecimal(0) * 1_000_000m);
            batchCount++;
        }
        Assert.True(batchCount >= ids.Length / 20, $"{batchCount} batches for {ids.Length} signatures");
        Assert.True(costMicros > 0);
        Assert.Equal(costMicros, spentMicros);
        // The durable ledger agrees with Redis.
        Assert.Equal(spentMicros / 1_000_000m, await H.DecimalAsync("SELECT coalesce(sum(spent_usd), 0) FROM budget_days"));

        // Both replicas did work: each held entries in its batches at some point.
        var consumers = await working;
        Assert.True(consumers.Count >= 2, $"consumers that held entries: {string.Join(", ", consumers)}");
    }

    /// <summary>Summed over every budget day key (the run may cross midnight in the budget's time zone).</summary>
    private async Task<(long Spent, long Reserved)> BudgetCountersAsync()
    {
        var server = H.Redis.GetServers().Single();
        long spent = 0, reserved = 0;
        await foreach (var key in server.KeysAsync(pattern: "aimo:budget:????-??-??"))
        {
            var values = await H.Redis.GetDatabase().HashGetAsync(key, [BudgetKeys.SpentMicrosField, BudgetKeys.ReservedMicrosField]);
            spent += (long?)values[0] ?? 0;
            reserved += (long?)values[1] ?? 0;
        }
        return (spent, reserved);
    }
}
