using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Signatures;
using Aimo.Data.Llm;
using StackExchange.Redis;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>LLM helpers: the provider health the workers share, and the simulator's accepted keys.</summary>
public sealed partial class WorkerHarness
{
    /// <summary>Forgets failures recorded by earlier tests (keeps the published model and price).</summary>
    public async Task ResetLlmHealthAsync() =>
        await Redis.GetDatabase().HashSetAsync(LlmHealthHash.Key, [new(LlmHealthHash.StateField, LlmHealthHash.Ok), new(LlmHealthHash.ConsecutiveFailuresField, 0)]);

    /// <summary><c>PUT /sim/auth</c>: only these keys are accepted from now on (none: any key).</summary>
    public async Task SimApiKeysAsync(params string[] keys) =>
        (await Sim.PutAsJsonAsync("/sim/auth", new { apiKeys = keys })).EnsureSuccessStatusCode();

    /// <summary>The <c>llm</c> part of <c>GET /api/budget</c>.</summary>
    public async Task<JsonElement> LlmStatusAsync() => (await BudgetApiAsync()).GetProperty("llm");

    /// <summary>Every id is finished: classified or in needs_review.</summary>
    public async Task WaitFinishedAsync(string[] ids, TimeSpan timeout) =>
        await Wait.UntilAsync(async () => await CountAsync(
            "SELECT count(*) FROM signatures WHERE status IN ('classified', 'needs_review') AND id = ANY($1)", ids) == ids.Length,
            timeout, $"{ids.Length} signatures to be classified or in review");

    /// <summary>Waits until <paramref name="count"/> workers are alive (each replica writes its heartbeat before it reads).</summary>
    public async Task WaitForWorkersAsync(int count, TimeSpan timeout) =>
        await Wait.UntilAsync(async () =>
        {
            var alive = 0;
            await foreach (var _ in Redis.GetServers().Single().KeysAsync(pattern: QueueKeys.HeartbeatPrefix + "*"))
            {
                alive++;
            }
            return alive >= count;
        }, timeout, $"{count} workers alive");

    /// <summary>
    /// Until <paramref name="stop"/>: the consumers seen holding entries (pending in their batches) of any tier, sampled
    /// every 50 ms — the replicas that did work, not just the ones that polled.
    /// </summary>
    public async Task<HashSet<string>> ConsumersHoldingEntriesAsync(CancellationToken stop)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            foreach (var tier in Enum.GetValues<Tier>())
            {
                try
                {
                    var pending = await Redis.GetDatabase().StreamPendingAsync(QueueKeys.Stream(tier), QueueKeys.ConsumerGroup);
                    seen.UnionWith(pending.Consumers.Where(c => c.PendingMessageCount > 0).Select(c => (string)c.Name!));
                }
                catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                {
                    // On a fresh stack a tier's stream and group exist from its first enqueue: nobody holds its entries yet.
                }
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return seen;
    }
}
