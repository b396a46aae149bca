using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>The worker through the real stack: Redis streams in, llm-sim with faults, results in Postgres.</summary>
public sealed class WorkerStackTests(StackFixture fixture) : SharedStackTests(fixture)
{
    [Fact]
    public async Task Happy_path_classifies_a_batch_with_sane_metrics()
    {
        var ids = await H.EnqueueAsync(Tier.A, 3);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(3, batch.SignatureCount);
        Assert.Equal(1, batch.Attempts);
        Assert.Equal(0, batch.JsonRetries);
        Assert.Equal(1.0, batch.SuccessRate);
        Assert.True(batch.InputTokens > 0 && batch.OutputTokens > 0);
        Assert.NotNull(batch.CostActual);
        Assert.Equal(3 * 150, batch.EstimatedOutputTokens);
        Assert.Equal(3, await H.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", ids));
        // Finished entries are XACKed and XDELed: none of ours is left in the stream.
        var left = await H.Redis.GetDatabase().StreamRangeAsync(QueueKeys.Stream(Tier.A));
        Assert.DoesNotContain(left, e => ids.Any(id => ((string?)e[QueueFields.Signature] ?? "").Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_http_500s_then_success_on_the_third_attempt_within_the_policy_delays()
    {
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "http500", count = 2, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 1, run);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(3, batch.Attempts);
        // 1 s + 2 s + two jitters of at most 300 ms, plus the calls themselves.
        Assert.InRange(batch.LatencyMs, 3000, 10_000);
    }

    [Fact]
    public async Task Three_failures_send_the_batch_to_review_with_the_http_status()
    {
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "http500", count = 3, match = run });
        var ids = await H.EnqueueAsync(Tier.B, 1, run);
        await H.WaitForStatusAsync(ids, "needs_review");
        await using var cmd = H.Db.CreateCommand("SELECT reason, http_status FROM review_items WHERE signature_id = $1");
        cmd.Parameters.AddWithValue(ids[0]);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("llm_unavailable", reader.GetString(0));
        Assert.Equal(500, reader.GetInt32(1));
    }

    [Fact]
    public async Task Invalid_json_once_is_fixed_by_one_reask()
    {
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { sequence = new[] { "invalid_json", "none" }, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 2, run);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(1, batch.JsonRetries);
        Assert.Equal(0.5, batch.SuccessRate);
    }

    [Fact]
    public async Task Invalid_json_twice_goes_to_review()
    {
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "invalid_json", count = 2, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 1, run);
        await H.WaitForStatusAsync(ids, "needs_review");
        Assert.Equal(1, await H.CountAsync("SELECT count(*) FROM review_items WHERE reason = 'invalid_json' AND signature_id = ANY($1)", ids));
    }

    [Fact]
    public async Task Truncation_splits_the_batch()
    {
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { sequence = new[] { "truncated", "none", "none" }, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 4, run);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(0, batch.JsonRetries);
        Assert.True(batch.Attempts >= 2);
    }

    [Fact]
    public async Task Http_429_with_retry_after_is_honoured_and_the_batch_succeeds_on_attempt_two()
    {
        await H.SetFaultsAsync(new { RetryAfterSeconds = 3 });
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "http429", count = 1, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 1, run);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(2, batch.Attempts);
        // Retry-After: 3 replaces the policy's 1 s (+ jitter) first delay; loose upper bound for a slow machine.
        Assert.InRange(batch.LatencyMs, 3000, 9000);
    }

    [Fact]
    public async Task Dropped_items_are_recovered_by_the_reask()
    {
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "dropped_items", count = 1, match = run });
        var ids = await H.EnqueueAsync(Tier.A, 3, run);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(3, batch.SignatureCount);
        Assert.Equal(1, batch.JsonRetries);
        Assert.Equal(1.0, batch.SuccessRate);
        await H.AssertClassifiedExactlyOnceAsync(ids);
        Assert.Equal(0, await H.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids));
    }

    [Fact]
    public async Task Unknown_ids_in_the_answer_are_rejected_and_never_persisted()
    {
        const string invented = "sig_not_in_batch"; // what llm-sim's extra_ids fault adds
        var run = WorkerHarness.NewRun();
        await H.ForceAsync(new { fault = "extra_ids", count = 1, match = run });
        var ids = await H.EnqueueAsync(Tier.B, 2, run);
        await H.WaitForStatusAsync(ids, "classified");
        var batch = await H.SingleBatchAsync(ids[0]);
        Assert.Equal(2, batch.SignatureCount);
        Assert.Equal(0, batch.JsonRetries); // the real ids were all answered: nothing to re-ask
        Assert.Contains(invented, batch.Error ?? "", StringComparison.Ordinal);
        await H.AssertClassifiedExactlyOnceAsync(ids);
        string[] unknown = [invented];
        Assert.Equal(0, await H.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", unknown));
        Assert.Equal(0, await H.CountAsync("SELECT count(*) FROM signatures WHERE id = ANY($1)", unknown));
    }
}
