using Aimo.Core.Signatures;
using Aimo.Data.Entities;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// The seed's retry policy under sustained faults, through the real worker, HTTP pipeline and llm-sim: every batch
/// that reaches review as llm_unavailable had its 3 attempts; an outage or a refused key pauses reading instead of
/// flooding needs_review, shows in the API, and resumes on its own.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class WorkerLlmPolicyStackTests(StackFixture fixture) : IAsyncLifetime
{
    private WorkerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await WorkerHarness.ConnectAsync(fixture.Stack);
        await _h.ResetLlmHealthAsync();
    }

    public async Task DisposeAsync()
    {
        await _h.ResetSimAsync();
        // Shared stack: never leave the provider paused for the next test.
        await Wait.UntilAsync(async () => (await _h.LlmStatusAsync()).GetProperty("state").GetString() == "ok", TimeSpan.FromSeconds(60), "the LLM to resume");
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Under_sustained_30_percent_http_500s_every_batch_in_review_had_its_three_attempts()
    {
        await _h.SetFaultsAsync(new { Http500Probability = 0.3, Seed = 7 });
        // ~1,000-character samples make batches of 7: about 150 batches and 200 calls, past the 100 calls after which
        // the HTTP handler's default circuit breaker used to open and fail calls with no attempt at all.
        var ids = await _h.EnqueueAsync(Tier.A, 1_000, sampleChars: 1_000);
        await _h.WaitFinishedAsync(ids, TimeSpan.FromMinutes(4));

        var attempts = await _h.Db.RowsAsync("""
            SELECT DISTINCT b.id, b.attempts FROM review_items r JOIN batches b ON b.id = r.batch_id
            WHERE r.reason = 'llm_unavailable' AND r.signature_id = ANY($1)
            """, [ids]);
        var classified = await _h.CountAsync("SELECT count(*) FROM signatures WHERE status = 'classified' AND id = ANY($1)", ids);
        var http500 = await _h.SimOutcomeCountAsync("http500");
        Console.WriteLine($"{classified} of {ids.Length} classified; {attempts.Count} batches to review; llm-sim answered 500 {http500} times");
        Assert.All(attempts, row => Assert.True((int)row[1]! >= 3, $"batch {row[0]} went to review after {row[1]} attempt(s)"));
        Assert.True(http500 >= 30, $"the fault profile was not in force ({http500} HTTP 500s)");
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE detail ILIKE '%circuit%' AND signature_id = ANY($1)", ids));
        var classifiedIds = (await _h.Db.RowsAsync("SELECT id FROM signatures WHERE status = 'classified' AND id = ANY($1)", [ids])).Select(r => (string)r[0]!).ToArray();
        await _h.AssertClassifiedExactlyOnceAsync(classifiedIds);
        Assert.Equal(ids.Length - classified, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids));
    }

    [Fact]
    public async Task A_total_outage_pauses_reading_shows_in_the_api_and_the_rest_is_classified_after_recovery()
    {
        var outage = LongTests.Pick(ci: TimeSpan.FromSeconds(20), full: TimeSpan.FromSeconds(60));
        await _h.SetFaultsAsync(new { Http503Probability = 1.0, RetryAfterSeconds = 1 });
        var ids = await _h.EnqueueAsync(Tier.A, 300);

        await Wait.UntilAsync(async () => (await _h.LlmStatusAsync()).GetProperty("state").GetString() == "paused", TimeSpan.FromSeconds(60), "reading to pause");
        var status = await _h.LlmStatusAsync();
        Assert.Equal("outage", status.GetProperty("reason").GetString());
        Assert.Contains("503", status.GetProperty("lastError").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, status.GetProperty("since").ValueKind);
        await Task.Delay(outage);
        var reviewedDuringOutage = await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids);

        await _h.SetFaultsAsync(new { });
        await _h.WaitFinishedAsync(ids, TimeSpan.FromMinutes(2));
        var reviewed = await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids);
        Console.WriteLine($"{outage.TotalSeconds:0} s outage: {reviewed} of {ids.Length} signatures reached review (all before the pause), the rest classified after it");
        // Only the batches in flight when the outage began (4 at most, plus those of the reads they overlapped) reach review.
        Assert.True(reviewed <= 4 * 20, $"{reviewed} signatures in review");
        Assert.Equal(reviewedDuringOutage, reviewed);
        Assert.Equal(ids.Length - reviewed, await _h.CountAsync("SELECT count(*) FROM signatures WHERE status = 'classified' AND id = ANY($1)", ids));
        Assert.Equal("ok", (await _h.LlmStatusAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_revoked_api_key_pauses_with_the_providers_message_and_sends_nothing_to_review()
    {
        await _h.SimApiKeysAsync("sk-the-only-valid-key");
        var ids = await _h.EnqueueAsync(Tier.B, 60);

        await Wait.UntilAsync(async () => (await _h.LlmStatusAsync()).GetProperty("state").GetString() == "paused", TimeSpan.FromSeconds(30), "reading to pause");
        var status = await _h.LlmStatusAsync();
        Assert.Equal("configuration", status.GetProperty("reason").GetString());
        Assert.Contains("401", status.GetProperty("lastError").GetString());
        Assert.Contains("Incorrect API key", status.GetProperty("lastError").GetString());
        await Task.Delay(TimeSpan.FromSeconds(8)); // several probes fail meanwhile
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids));

        await _h.SimApiKeysAsync(); // the operator fixes the key
        await _h.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids));
        await _h.AssertClassifiedExactlyOnceAsync(ids);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_costs_three_bounded_attempts_then_review()
    {
        var run = WorkerHarness.NewRun();
        await _h.ForceAsync(new { fault = "stall_body", count = 3, match = run });
        var ids = await _h.EnqueueAsync(Tier.A, 2, run);
        await _h.WaitForStatusAsync(ids, SignatureStatuses.NeedsReview, TimeSpan.FromSeconds(90));

        var batch = await _h.SingleBatchAsync(ids[0]);
        Assert.Equal(3, batch.Attempts);
        Assert.Equal(3, await _h.SimOutcomeCountAsync("stall_body"));
        var reason = (string?)await _h.Db.ScalarAsync("SELECT reason FROM review_items WHERE signature_id = $1", ids[0]);
        Assert.Equal(ReviewReasons.LlmUnavailable, reason);
    }
}
