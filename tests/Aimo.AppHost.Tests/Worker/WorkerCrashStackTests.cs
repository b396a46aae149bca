using Aimo.Core;
using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>A worker killed (SIGKILL, no graceful stop) with a batch in flight: the restarted worker finishes it exactly once.</summary>
public sealed class WorkerCrashStackTests(StackFixture fixture) : SharedStackTests(fixture)
{
    private static readonly TimeSpan StateWait = TimeSpan.FromSeconds(60);
    [Fact]
    public async Task Worker_killed_mid_batch_is_restarted_and_every_signature_is_classified_exactly_once()
    {
        // The batch's first LLM call hangs (a fault targeted at this test's signatures only), so it is surely in
        // flight when the worker dies; the call the restarted worker makes is answered normally.
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "hang", count = 1, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 3, run);
        try
        {
            await Wait.UntilAsync(async () => await H.SimOutcomeCountAsync("hang") >= 1,
                TimeSpan.FromSeconds(20), "the batch to reach the LLM");
            Assert.Equal(0, await H.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", ids));
            // The hanging call holds a reservation: a lease in Redis.
            var leases = await Wait.ForAsync(H.LeasesAsync, l => l.Count > 0, TimeSpan.FromSeconds(10), _ => "no lease for the call in flight");
            var (spentBefore, _, _) = await H.CountersAsync();

            using (var cts = new CancellationTokenSource(StateWait))
            {
                await Fixture.Stack.KillAsync(ResourceNames.Worker, cts.Token);
            }
            await StartWorkerAsync();

            // The dead worker's reservation is not leaked for the rest of the day: once its heartbeat is gone the
            // lease is converted to spend at its estimate (the killed call may have been billed).
            await Wait.UntilAsync(async () =>
            {
                var converted = await H.ConvertedLeasesAsync();
                return leases.Keys.All(converted.ContainsKey);
            }, TimeSpan.FromSeconds(30), "the killed worker's lease to be converted");
            var estimates = leases.Values.Sum(v => long.Parse(v.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True((await H.CountersAsync()).Spent >= spentBefore + estimates);
            Assert.DoesNotContain((await H.LeasesAsync()).Keys, leases.ContainsKey);

            // The dead consumer's heartbeat expires (StackFixture.HeartbeatTimeout) and the new consumer claims its entries.
            await H.WaitForStatusAsync(ids, "classified", TimeSpan.FromSeconds(60));
            await H.AssertClassifiedExactlyOnceAsync(ids);
            // Acknowledging follows the commit that made them "classified": wait for it rather than race it.
            await Wait.UntilAsync(async () => await H.EntriesInStreamAsync(Tier.A, ids) == 0, TimeSpan.FromSeconds(30), "the entries to be acknowledged");
        }
        finally
        {
            // Shared stack: never leave the worker down for the next test.
            if (Fixture.Stack.IsStopped(ResourceNames.Worker))
            {
                await StartWorkerAsync();
            }
        }
    }

    private async Task StartWorkerAsync()
    {
        using var cts = new CancellationTokenSource(StateWait);
        await Fixture.Stack.StartAgainAsync(ResourceNames.Worker, cts.Token);
    }
}
