using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Queue;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>LLM helpers: the provider health the workers share, and the simulator's accepted keys.</summary>
public sealed partial class WorkerHarness
{
    /// <summary>Forgets failures recorded by earlier tests (keeps the published model and price).</summary>
    public async Task ResetLlmHealthAsync() =>
        await Redis.GetDatabase().HashSetAsync(RedisKeys.LlmHealth, [new("state", "ok"), new("consecutive_failures", 0)]);

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
}
