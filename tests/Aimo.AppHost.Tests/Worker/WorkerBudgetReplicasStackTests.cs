using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Three worker replicas, a small budget and a large tier C backlog, on a stack of their own (the counters start at
/// zero): A and B are all classified; C stops at the soft limit, its settled spend never past it by more than what
/// its calls cost beyond their reservations; nothing of C is lost.
/// </summary>
public sealed class WorkerBudgetReplicasStackTests() : DedicatedStackTests("--Aimo:WorkerReplicas=3")
{
    private const decimal BudgetUsd = 0.02m;            // soft limit $0.018: room for a handful of C batches
    [Fact]
    public async Task C_stops_at_the_soft_limit_across_three_replicas_while_every_A_and_B_is_classified()
    {
        await H.SetBudgetAsync(BudgetUsd);
        await H.SetFaultsAsync(new { LatencyMs = 100 });
        var c = await H.EnqueueAsync(Tier.C, 600);
        var a = await H.EnqueueAsync(Tier.A, 60);
        var b = await H.EnqueueAsync(Tier.B, 60);

        await H.WaitForStatusAsync([.. a, .. b], SignatureStatuses.Classified, TimeSpan.FromSeconds(120));
        // C settles: some classified, the rest deferred (refused), nothing in flight, nothing changing for a while.
        var settled = (Classified: -1L, Waiting: -1L, Since: DateTimeOffset.MinValue);
        await Wait.UntilAsync(async () =>
        {
            var (_, reserved, refused) = await H.CountersAsync();
            var now = (Classified: await H.CountAsync("SELECT count(*) FROM signatures WHERE status = 'classified' AND id = ANY($1)", c),
                Waiting: (long)await H.EntriesInStreamAsync(Tier.C, c));
            if (reserved != 0 || refused == 0 || now != (settled.Classified, settled.Waiting))
            {
                settled = (now.Classified, now.Waiting, DateTimeOffset.UtcNow);
                return false;
            }
            return DateTimeOffset.UtcNow - settled.Since > TimeSpan.FromSeconds(6);
        }, TimeSpan.FromSeconds(90), "C to stop at the soft limit with nothing in flight");

        var softLimit = BudgetLimits.From(BudgetUsd, 0.9m).SoftLimitMicros;
        var classifiedC = await H.CountAsync("SELECT count(*) FROM signatures WHERE status = 'classified' AND id = ANY($1)", c);
        var spentC = await H.TierSpentAsync(Tier.C);
        // Reservations are estimates; a call that cost more than its estimate is the only way past the soft limit.
        var overrun = await H.Db.DecimalAsync("""
            SELECT coalesce(sum(greatest(cost_usd_actual - cost_usd_estimated, 0)), 0) FROM batches WHERE tier = 'C'
            """);
        var (spent, _, refused) = await H.CountersAsync();
        Console.WriteLine($"soft limit {softLimit} µUSD; C spent {spentC} µUSD for {classifiedC} of {c.Length} signatures; all spent {spent}; {refused} C refusals; C overrun ${overrun}");
        Assert.True(classifiedC > 0 && classifiedC < c.Length, $"{classifiedC} of {c.Length} C classified");
        Assert.True(spentC <= softLimit + Micros.FromCostUsd(overrun), $"C spent {spentC} µUSD past the soft limit {softLimit}");
        await H.AssertClassifiedExactlyOnceAsync([.. a, .. b]);
        // Nothing of C is lost or sent to review: what is not classified waits in its stream.
        Assert.Equal(0, await H.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", c));
        Assert.Equal(c.Length - classifiedC, await H.EntriesInStreamAsync(Tier.C, c));
    }
}
