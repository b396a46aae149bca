using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// The budget's edges on the running stack: spend just under the soft limit (where a day with a large C backlog settles),
/// and workers restarted while C waits.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class WorkerBudgetEdgeStackTests(StackFixture fixture) : IAsyncLifetime
{
    private const decimal BudgetUsd = 1m;               // soft limit 900,000 µUSD at 0.9
    private const long SoftLimitMicros = 900_000;
    private WorkerHarness _h = null!;
    private (decimal Budget, decimal SoftLimit) _original;

    public async Task InitializeAsync()
    {
        _h = await WorkerHarness.ConnectAsync(fixture.Stack);
        _original = await _h.ReadBudgetAsync();
    }

    public async Task DisposeAsync()
    {
        // Shared stack: leave an open budget (what was deferred here is classified then) and the worker running.
        if (fixture.Stack.IsStopped(Aimo.Core.ResourceNames.Worker))
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await fixture.Stack.StartAgainAsync(Aimo.Core.ResourceNames.Worker, cts.Token);
        }
        await _h.SetSpentAsync(0);
        await _h.SetBudgetAsync(_original.Budget, _original.SoftLimit);
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Just_under_the_soft_limit_A_and_B_are_classified_within_seconds_while_C_waits_without_spinning()
    {
        await _h.SetBudgetAsync(BudgetUsd);
        // 100 µUSD of headroom: less than any C batch's estimate, so every C reservation is refused while the
        // day still reads "open" — the edge where A and B used to starve.
        await _h.SetSpentAsync(SoftLimitMicros - 100);
        Assert.Equal("open", (await _h.BudgetApiAsync()).GetProperty("state").GetString());
        var c = await _h.EnqueueAsync(Tier.C, 150);
        await Wait.UntilAsync(async () => (await _h.CountersAsync()).Refused > 0, TimeSpan.FromSeconds(30), "a refused tier C reservation");
        var refusedBefore = (await _h.CountersAsync()).Refused;

        var started = DateTimeOffset.UtcNow;
        var a = await _h.EnqueueAsync(Tier.A, 1);
        var b = await _h.EnqueueAsync(Tier.B, 1);
        await _h.WaitForStatusAsync([.. a, .. b], SignatureStatuses.Classified, TimeSpan.FromSeconds(20));
        var tookSeconds = (DateTimeOffset.UtcNow - started).TotalSeconds;

        // Waiting C asks the budget again only when its estimate could fit, and at most every few seconds.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var refusedAfter = (await _h.CountersAsync()).Refused;
        var perSecond = (refusedAfter - refusedBefore) / (DateTimeOffset.UtcNow - started).TotalSeconds;
        Console.WriteLine($"A and B classified in {tookSeconds:0.0} s; {refusedAfter - refusedBefore} refused C reservations in {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s ({perSecond:0.00}/s)");
        Assert.True(perSecond < 1.5, $"{perSecond:0.00} refused reservations per second while C waits");
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", c));
        Assert.Equal(c.Length, await _h.EntriesInStreamAsync(Tier.C, c));
        Assert.True((await _h.BudgetApiAsync()).GetProperty("refusedReservations").GetInt64() >= refusedAfter);

        // Headroom back: C goes on, all of it, exactly once.
        await _h.SetSpentAsync(0);
        await _h.SetBudgetAsync(5m);
        await _h.WaitForStatusAsync(c, SignatureStatuses.Classified, TimeSpan.FromSeconds(90));
        await _h.AssertClassifiedExactlyOnceAsync([.. a, .. b, .. c]);
    }

    [Fact]
    public async Task Deferred_C_survives_six_worker_restarts_without_becoming_poison()
    {
        await _h.SetBudgetAsync(BudgetUsd);
        await _h.SetSpentAsync(SoftLimitMicros);
        var c = await _h.EnqueueAsync(Tier.C, 5);
        await WaitDeferredAsync(c);

        for (var restart = 1; restart <= 6; restart++)
        {
            var refused = (await _h.CountersAsync()).Refused;
            using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                await fixture.Stack.KillAsync(Aimo.Core.ResourceNames.Worker, cts.Token);
                await fixture.Stack.StartAgainAsync(Aimo.Core.ResourceNames.Worker, cts.Token);
            }
            // The new worker claims the dead one's entries (once its heartbeat is gone) and the budget holds them again.
            await Wait.UntilAsync(async () => (await _h.CountersAsync()).Refused > refused, TimeSpan.FromSeconds(45), $"C refused again after restart {restart}");
        }

        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", c));
        Assert.Equal(c.Length, await _h.EntriesInStreamAsync(Tier.C, c));
        await WaitDeferredAsync(c);

        await _h.SetSpentAsync(0);
        await _h.SetBudgetAsync(5m);
        await _h.WaitForStatusAsync(c, SignatureStatuses.Classified, TimeSpan.FromSeconds(60));
        await _h.AssertClassifiedExactlyOnceAsync(c);
    }

    private async Task WaitDeferredAsync(string[] ids) =>
        await Wait.UntilAsync(async () =>
        {
            var db = _h.Redis.GetDatabase();
            foreach (var id in ids)
            {
                if ((string?)await db.HashGetAsync(QueueKeys.PendingState(id), QueueKeys.PendingStateField) != "deferred")
                {
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(45), "the C signatures to show as deferred");
}
