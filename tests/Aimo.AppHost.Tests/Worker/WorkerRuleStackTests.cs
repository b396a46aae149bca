using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// The delivery rules the worker's re-cut made true by construction, each seen from outside, as a feeder and an
/// operator see them: entries a live worker lost track of return to work; a result is only ever about the content it
/// was made for; every LLM attempt is recorded; an operator's verdict on a superseded version stays with that version.
/// </summary>
public sealed class WorkerRuleStackTests(StackFixture fixture) : SharedStackTests(fixture)
{
    private static object Item(string id, string host, string tier, string sample) =>
        new { id, tier, method = "GET", host, pathTemplate = "/v1/items/{id}", samples = new[] { sample } };

    private async Task<JsonElement> IngestAsync(params object[] items)
    {
        using var api = Fixture.Stack.CreateIngestClient();
        using var response = await api.PostAsJsonAsync("/api/signatures", new { signatures = items });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> StatusAsync(string id)
    {
        using var api = Fixture.Stack.CreateIngestClient();
        return await api.GetFromJsonAsync<JsonElement>($"/api/signatures/{id}");
    }

    /// <summary>
    /// Enqueues signatures as ingest does and, in the same atomic script, delivers them to <paramref name="consumer"/>:
    /// the state a worker is in when a failure dropped entries it had read (a second read that failed after a partial
    /// one, a Redis error in triage) — Redis says it holds them, it is not working on them, its heartbeat is alive.
    /// </summary>
    private async Task<string[]> DeliverUnseenAsync(string consumer, int count)
    {
        var run = WorkerHarness.NewRun();
        var signatures = Enumerable.Range(0, count).Select(i => new Signature($"orphan-{run}-{i}", Tier.A, "GET", $"o{i}.{run}.example.com", "/v1/x", ["GET /v1/x"]))
            .ToList();
        const string script = """
            local t = redis.call('TIME')
            local v = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local last = tonumber(redis.call('GET', KEYS[2]) or '0')
            if v <= last then v = last + 1 end
            for i = 3, #KEYS do
              v = v + 1
              local version = string.format('%.0f', v)
              redis.call('XADD', KEYS[1], '*', 'sig', ARGV[2 * (i - 2)], 'hash', ARGV[2 * (i - 2) + 1], 'origin', 'ingest', 'ver', version, 'tp', '')
              redis.call('HSET', KEYS[i], 'ver', version, 'state', 'queued')
            end
            redis.call('SET', KEYS[2], string.format('%.0f', v))
            return redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[#ARGV], 'COUNT', #KEYS - 2, 'STREAMS', KEYS[1], '>')
            """;
        await H.Redis.GetDatabase().ScriptEvaluateAsync(script,
            [QueueKeys.Stream(Tier.A), QueueKeys.VersionSequence, .. signatures.Select(s => (RedisKey)QueueKeys.PendingState(s.Id))],
            [QueueKeys.ConsumerGroup, .. signatures.SelectMany(s => new RedisValue[]
            {
                JsonSerializer.Serialize(s, Aimo.Core.Classification.AimoJson.Options), SignatureId.ContentHash(s),
            }), consumer]);
        return [.. signatures.Select(s => s.Id)];
    }

    [Fact]
    public async Task Entries_a_live_worker_holds_but_lost_track_of_are_back_to_work_within_a_few_keep_alive_periods()
    {
        // The worker joins tier A's group as a consumer with its first entry.
        await H.WaitForStatusAsync(await H.EnqueueAsync(Tier.A, 1), SignatureStatuses.Classified, TimeSpan.FromSeconds(60));
        var worker = await Wait.ForAsync(async () =>
        {
            StreamConsumerInfo[] consumers;
            try
            {
                consumers = await H.Redis.GetDatabase().StreamConsumerInfoAsync(QueueKeys.Stream(Tier.A), QueueKeys.ConsumerGroup);
            }
            catch (RedisServerException)
            {
                return null; // the worker has not created the group yet
            }
            foreach (var name in consumers.Select(c => (string)c.Name!))
            {
                if (await H.Redis.GetDatabase().KeyExistsAsync(QueueKeys.Heartbeat(name)))
                {
                    return name;
                }
            }
            return null;
        }, name => name is not null, TimeSpan.FromSeconds(30), _ => "a live worker in tier A's group");

        var ids = await DeliverUnseenAsync(worker!, 5);

        // The heartbeat stays alive, so nobody may claim them from the worker; the reclaim of idle entries is minutes
        // away (ReclaimIdle 5 min). The worker itself must notice (HeartbeatTimeout 6 s: a keep-alive every 1.5 s).
        await H.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(45));
        await H.AssertClassifiedExactlyOnceAsync(ids);
    }

    [Fact]
    public async Task A_result_is_reused_only_for_the_content_it_was_made_for_and_the_status_never_shows_another_contents_result()
    {
        var run = WorkerHarness.NewRun();
        var id = $"x1-{run}";
        await IngestAsync(Item(id, "api.openai.com", "A", $"POST /v1/chat/completions?run={run}"));
        await H.WaitForStatusAsync([id], SignatureStatuses.Classified, TimeSpan.FromSeconds(30));
        Assert.Equal("OpenAI API", (await StatusAsync(id)).GetProperty("classification").GetProperty("service").GetString());

        // New content under the same id; its batch fails all three attempts: needs_review.
        await H.ForceAsync(new { fault = "http500", count = 3, match = "dropbox" });
        await IngestAsync(Item(id, "files.dropbox.com", "A", $"GET /2/files/download?run={run}"));
        await Wait.UntilAsync(async () => (await StatusAsync(id)).GetProperty("status").GetString() == SignatureStatuses.NeedsReview,
            TimeSpan.FromSeconds(40), "the dropbox content to go to review");
        var inReview = await StatusAsync(id);
        Assert.Equal(JsonValueKind.Null, inReview.GetProperty("classification").ValueKind);

        // The same dropbox content again, as tier B: the OpenAI result was made for other content and must not be reused.
        await H.ResetSimAsync();
        await IngestAsync(Item(id, "files.dropbox.com", "B", $"GET /2/files/download?run={run}"));
        var classified = await Wait.ForAsync(() => StatusAsync(id),
            s => s.GetProperty("status").GetString() == SignatureStatuses.Classified, TimeSpan.FromSeconds(40), s => $"status {s}");
        var result = classified.GetProperty("classification");
        Assert.Equal("Dropbox", result.GetProperty("service").GetString());
        Assert.Equal("llm", result.GetProperty("source").GetString());
        Assert.Equal(classified.GetProperty("version").GetInt64(), result.GetProperty("signatureVersion").GetInt64());
    }

    [Fact]
    public async Task Every_attempt_the_provider_answered_during_an_outage_is_recorded_in_a_batch_row()
    {
        var run = WorkerHarness.NewRun();
        var started = DateTimeOffset.UtcNow;
        try
        {
            // Long samples: one signature per batch. Every request fails until the outage ends: batches fail their three
            // attempts, reading pauses, probes fail, and the entries of those batches are held (none of them finishes).
            await H.ForceAsync(new { fault = "http500", count = 1000, match = run });
            var ids = await H.EnqueueAsync(Tier.A, 5, run, sampleChars: 5_000);
            await Wait.UntilAsync(async () => (await H.LlmStatusAsync()).GetProperty("state").GetString() == "paused",
                TimeSpan.FromSeconds(60), "reading to pause");
            await Task.Delay(TimeSpan.FromSeconds(6)); // at least one failed probe (ProbeInterval 2 s)
            var duringOutage = await SimRequestsAsync();
            await H.ResetSimAsync();
            // The batches that failed before the pause went to review (llm_unavailable); the held ones are classified now.
            await H.WaitFinishedAsync(ids, TimeSpan.FromSeconds(60));
            var total = duringOutage + await SimRequestsAsync();

            // Each request llm-sim answered is one HTTP attempt of some batch: all of them are in batch rows, also those of
            // batches none of whose entries finished (held by the outage), which used to share one id and be dropped.
            var recorded = await H.DecimalAsync($"SELECT coalesce(sum(attempts), 0) FROM batches WHERE started_at >= '{started:O}'");
            Assert.True(duringOutage >= 15, $"the outage answered {duringOutage} requests; 5 batches × 3 attempts at least");
            Assert.True(recorded >= total, $"batch rows record {recorded} attempts; llm-sim answered {total}");
        }
        finally
        {
            await H.ResetSimAsync();
            await H.ResetLlmHealthAsync();
        }
    }

    private async Task<long> SimRequestsAsync() =>
        JsonDocument.Parse(await H.Sim.GetStringAsync("/sim/stats")).RootElement.GetProperty("total").GetInt64();

    [Fact]
    public async Task An_operators_verdict_on_a_superseded_version_is_recorded_for_that_version_and_leaves_the_current_one_alone()
    {
        var run = WorkerHarness.NewRun();
        var id = $"stale-{run}";
        await H.ForceAsync(new { fault = "http500", count = 3, match = $"v1-{run}" });
        await IngestAsync(Item(id, $"stale.{run}.example.com", "A", $"GET /v1/items/1?v1-{run}"));
        await Wait.UntilAsync(async () => (await StatusAsync(id)).GetProperty("status").GetString() == SignatureStatuses.NeedsReview,
            TimeSpan.FromSeconds(40), "v1 to go to review");
        var v1 = (await StatusAsync(id)).GetProperty("version").GetInt64();
        await IngestAsync(Item(id, "api.openai.com", "A", $"POST /v1/chat/completions?v2-{run}"));
        var current = await Wait.ForAsync(() => StatusAsync(id),
            s => s.GetProperty("status").GetString() == SignatureStatuses.Classified, TimeSpan.FromSeconds(40), s => $"status {s}");
        var v2 = current.GetProperty("version").GetInt64();

        using var operatorApi = Fixture.Stack.CreateOperatorClient();
        var item = (await operatorApi.GetFromJsonAsync<JsonElement>("/api/review?status=open&limit=500"))
            .EnumerateArray().Single(r => r.GetProperty("signatureId").GetString() == id);
        Assert.Equal(v1, item.GetProperty("signatureVersion").GetInt64());
        Assert.True(item.GetProperty("superseded").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await operatorApi.PostAsync($"/api/review/{item.GetProperty("id").GetInt64()}/requeue", null)).StatusCode);
        using var resolved = await operatorApi.PostAsJsonAsync($"/api/review/{item.GetProperty("id").GetInt64()}/resolve",
            new { category = "file_sharing", risk = "medium", service = "Internal files", note = "v1 was the file server" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var after = await StatusAsync(id);
        Assert.Equal(v2, after.GetProperty("version").GetInt64());
        Assert.Equal("OpenAI API", after.GetProperty("classification").GetProperty("service").GetString());
        Assert.Equal(v1, (long)(await H.Db.ScalarAsync(
            "SELECT signature_version FROM classifications WHERE signature_id = $1 AND source = 'operator'", id))!);
    }
}
