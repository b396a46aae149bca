using System.Text.Json;
using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Three worker replicas against llm-sim with low OpenAI-style limits on their own stack (the limits are the simulator's
/// start configuration, and the buckets must start full): nobody configured the workers' limits, yet together they learn
/// them from the headers, stay under them, and finish a backlog that needs far more than one minute's requests.
/// </summary>
public sealed class WorkerRateLimitStackTests : IAsyncLifetime
{
    private const int RequestsPerMinute = 60;
    private const int TokensPerMinute = 1_000_000;
    private AimoStack _stack = null!;
    private WorkerHarness _h = null!;

    public async Task InitializeAsync()
    {
        // Each replica reads a few entries at a time, so all three share the backlog instead of the first taking it all.
        _stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory(), "--Aimo:WorkerReplicas=3", "--Services:worker:Aimo:Worker:ReadCount=3",
            $"--Services:llm-sim:Simulator:Limits:RequestsPerMinute={RequestsPerMinute}",
            $"--Services:llm-sim:Simulator:Limits:TokensPerMinute={TokensPerMinute}");
        _h = await WorkerHarness.ConnectAsync(_stack);
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _stack.DisposeAsync();
        Directory.Delete(_stack.StateDirectory, recursive: true);
    }

    [Fact]
    public async Task Three_replicas_finish_a_backlog_of_one_and_a_half_minutes_of_requests_without_one_429_and_report_the_limits_in_use()
    {
        // 90 signatures with samples so long that each is a batch (one request) of its own: 60 fit the first minute's
        // bucket, the other 30 must be paced at one a second. Without admission, the workers' 3 × 4 slots would
        // send them at once and the simulator would answer 429 to a third of them.
        await _h.WaitForWorkersAsync(3, TimeSpan.FromMinutes(1));
        using var done = new CancellationTokenSource();
        var working = _h.ConsumersHoldingEntriesAsync(done.Token);
        var ids = await _h.EnqueueAsync(Tier.A, 90, sampleChars: 4_100);

        await _h.WaitFinishedAsync(ids, TimeSpan.FromMinutes(4));
        await done.CancelAsync();
        var stats = JsonDocument.Parse(await _h.Sim.GetStringAsync("/sim/stats")).RootElement.GetProperty("byOutcome");
        var reviews = await _h.Db.RowsAsync("SELECT reason, detail FROM review_items WHERE signature_id = ANY($1) LIMIT 5", [ids]);
        Assert.True(reviews.Count == 0, $"in review: {string.Join("; ", reviews.Select(r => $"{r[0]}: {r[1]}"))}; llm-sim: {stats}");
        await _h.AssertClassifiedExactlyOnceAsync(ids);

        long Count(string outcome) => stats.TryGetProperty(outcome, out var v) ? v.GetInt64() : 0;
        Assert.Equal(0, Count("rate_limit_requests"));
        Assert.Equal(0, Count("rate_limit_tokens"));
        Assert.True(Count("ok") >= ids.Length, $"{Count("ok")} answered calls for {ids.Length} single-signature batches");

        // The workers learned the limits from the headers alone, and report how much of them is in use: most of the
        // request bucket is still spent (it takes a minute to refill).
        var limits = (await _h.LlmStatusAsync()).GetProperty("rateLimits");
        var requests = limits.GetProperty("requests");
        Assert.Equal(RequestsPerMinute, requests.GetProperty("limit").GetInt64());
        Assert.True(requests.GetProperty("utilization").GetDouble() > 0.5, $"requests: {requests}");
        Assert.Equal(TokensPerMinute, limits.GetProperty("tokens").GetProperty("limit").GetInt64());

        // All three replicas sent batches.
        var consumers = await working;
        Assert.True(consumers.Count == 3, $"consumers that held entries: {string.Join(", ", consumers)}");
    }
}
