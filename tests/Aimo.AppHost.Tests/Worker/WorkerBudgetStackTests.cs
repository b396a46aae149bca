using Aimo.Core.Signatures;
using StackExchange.Redis;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>The budget's soft limit through the real stack: C waits in its stream, A and B go on, raising the budget releases C.</summary>
[Collection(StackCollection.Name)]
public sealed class WorkerBudgetStackTests(StackFixture fixture) : IAsyncLifetime
{
    // numeric(18,4): the smallest budget the settings row holds. Its soft limit (90 µUSD) is below any batch's estimate.
    private const decimal TinyBudgetUsd = 0.0001m;
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(8);
    private WorkerHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorkerHarness.ConnectAsync(fixture.Stack);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Past_the_soft_limit_C_stays_queued_while_A_and_B_complete_and_raising_the_budget_releases_C()
    {
        var original = await _h.ReadBudgetAsync();
        try
        {
            await _h.SetBudgetAsync(TinyBudgetUsd, 0.9m);
            var a = await _h.EnqueueAsync(Tier.A, 2);
            var b = await _h.EnqueueAsync(Tier.B, 2);
            var c = await _h.EnqueueAsync(Tier.C, 2);

            await _h.WaitForStatusAsync([.. a, .. b], "classified");
            // C is held: never classified, still in its stream (unread, or read and deferred — not acknowledged).
            using (var held = new CancellationTokenSource(HeldFor))
            {
                while (!held.IsCancellationRequested)
                {
                    Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", c));
                    Assert.Equal(c.Length, await _h.EntriesInStreamAsync(Tier.C, c));
                    await Task.Delay(500);
                }
            }
            foreach (var id in c)
            {
                var state = (string?)await _h.Redis.GetDatabase().HashGetAsync(QueueKeys.PendingState(id), QueueKeys.PendingStateField);
                Assert.True(state is null or "deferred", $"{id}: pending state '{state}'");
            }

            await _h.SetBudgetAsync(Math.Max(original.Budget, 5m), original.SoftLimit);
            await _h.WaitForStatusAsync(c, "classified", TimeSpan.FromSeconds(30));
            await _h.AssertClassifiedExactlyOnceAsync([.. a, .. b, .. c]);
            // Acknowledging follows the commit that made them "classified": wait for it rather than race it.
            await Wait.UntilAsync(async () => await _h.EntriesInStreamAsync(Tier.C, c) == 0, TimeSpan.FromSeconds(30), "the entries to be acknowledged");
        }
        finally
        {
            // Shared stack: leave the budget as the other tests expect it.
            await _h.SetBudgetAsync(original.Budget, original.SoftLimit);
        }
    }
}
