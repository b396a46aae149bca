using System.Diagnostics;
using System.Globalization;
using Aimo.Core;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>A worker killed (SIGKILL, no graceful stop) with a batch in flight: the restarted worker finishes it exactly once.</summary>
[Collection(StackCollection.Name)]
public sealed class WorkerCrashStackTests(StackFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan StateWait = TimeSpan.FromSeconds(60);
    private WorkerHarness _h = null!;
    private DistributedApplication App => fixture.Stack.App;

    public async Task InitializeAsync() => _h = await WorkerHarness.ConnectAsync(fixture.Stack);

    public async Task DisposeAsync()
    {
        await _h.ResetSimAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Worker_killed_mid_batch_is_restarted_and_every_signature_is_classified_exactly_once()
    {
        await _h.SetFaultsAsync(new { LatencyMs = 8000 });
        var ids = await _h.EnqueueAsync(Tier.A, 3);
        try
        {
            // In flight: the worker has read the entries (pending in the group) and sent the batch (linger + reservation).
            await WorkerHarness.WaitUntilAsync(async () =>
                (await _h.Redis.GetDatabase().StreamPendingAsync(RedisKeys.Stream(Tier.A), RedisKeys.ConsumerGroup)).PendingMessageCount >= ids.Length,
                TimeSpan.FromSeconds(20), "the worker to read the entries");
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", ids));

            KillWorker();
            using (var cts = new CancellationTokenSource(StateWait))
            {
                await App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Worker, KnownResourceStates.TerminalStates, cts.Token);
            }
            await _h.SetFaultsAsync(new { LatencyMs = 0 });
            await StartWorkerAsync();

            // The dead consumer's heartbeat expires (StackFixture.HeartbeatTimeout) and the new consumer claims its entries.
            await _h.WaitForStatusAsync(ids, "classified", TimeSpan.FromSeconds(60));
            await _h.AssertClassifiedExactlyOnceAsync(ids);
            Assert.Equal(0, await _h.EntriesInStreamAsync(Tier.A, ids));
        }
        finally
        {
            // Shared stack: never leave the worker down for the next test.
            if (App.ResourceNotifications.TryGetCurrentState(ResourceNames.Worker, out var e)
                && KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text))
            {
                await StartWorkerAsync();
            }
        }
    }

    /// <summary>SIGKILL the worker's process tree (the project may run under <c>dotnet run</c>): no graceful shutdown, no heartbeat cleanup.</summary>
    private void KillWorker()
    {
        Assert.True(App.ResourceNotifications.TryGetCurrentState(ResourceNames.Worker, out var e), "worker has no state");
        var pid = e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        Assert.NotNull(pid);
        using var process = Process.GetProcessById(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
        process.Kill(entireProcessTree: true);
    }

    private async Task StartWorkerAsync()
    {
        using var cts = new CancellationTokenSource(StateWait);
        var result = await App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Worker, KnownResourceCommands.StartCommand, cts.Token);
        Assert.True(result.Success, $"start worker: {result.Message}");
        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Worker, cts.Token);
    }
}
