using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aimo.Core.Signatures;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Ingest;

[Collection(StackCollection.Name)]
public sealed class IngestApiTests(StackFixture fixture)
{
    private AimoStack Stack => fixture.Stack;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Valid_ingest_lands_in_its_tier_stream_with_the_signature_and_a_derived_id()
    {
        using var redis = await RedisAsync(Stack);
        var before = await AllEntriesAddedAsync(redis);
        var host = NewHost();
        using var client = Stack.CreateIngestClient();

        using var response = await client.PostAsync("/api/signatures", Body(Item(host, "B")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal(1, json.GetProperty("accepted").GetInt32());
        Assert.Equal(0, json.GetProperty("duplicates").GetInt32());
        var id = json.GetProperty("ids")[0].GetString();
        Assert.Equal(SignatureId.Derive("GET", host, "/v1/files/{id}"), id);
        Assert.Equal([before[0], before[1] + 1, before[2]], await AllEntriesAddedAsync(redis));
        // The dedup marker holds the content hash and the tier of what was enqueued.
        var marker = (string?)await redis.GetDatabase().StringGetAsync(QueueKeys.Dedup(id!));
        Assert.Matches("^[0-9a-f]{64}\\|B$", marker);
    }

    [Fact]
    public async Task The_stream_entry_carries_the_signature_json_hash_time_and_origin()
    {
        using var redis = await RedisAsync(Stack);
        var db = redis.GetDatabase();
        var host = NewHost();
        using var client = Stack.CreateIngestClient();
        // Read the stream from just before the POST: the entry is there unless the worker already XDELed it.
        StackExchange.Redis.RedisValue last = "0-0";
        try
        {
            last = (await db.StreamInfoAsync(QueueKeys.Stream(Tier.A))).LastGeneratedId;
        }
        catch (StackExchange.Redis.RedisServerException)
        {
            // no stream yet
        }
        using var response = await client.PostAsync("/api/signatures", Body(Item(host, "A")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var entries = await db.StreamRangeAsync(QueueKeys.Stream(Tier.A), minId: last);
        var entry = entries.FirstOrDefault(e => ((string?)e[QueueFields.Signature])?.Contains(host, StringComparison.Ordinal) == true);
        if (entry.IsNull)
        {
            return; // consumed and deleted already; the entries-added test covers the count
        }
        var signature = JsonSerializer.Deserialize<Signature>((string)entry[QueueFields.Signature]!, Aimo.Core.Classification.AimoJson.Options)!;
        Assert.Equal(host, signature.Host);
        Assert.Equal(Tier.A, signature.Tier);
        Assert.Equal(SignatureId.ContentHash(signature), (string?)entry[QueueFields.ContentHash]);
        Assert.Equal("ingest", (string?)entry[QueueFields.Origin]);
        Assert.True(long.Parse((string)entry[QueueFields.Version]!) > 0, "every accepted entry carries its version");
    }

    [Fact]
    public async Task The_same_content_is_not_enqueued_twice_but_changed_content_is()
    {
        using var redis = await RedisAsync(Stack);
        var host = NewHost();
        using var client = Stack.CreateIngestClient();
        using var first = await client.PostAsync("/api/signatures", Body(Item(host, "C"), Item(host, "C")));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstJson = await JsonOf(first);
        Assert.Equal(1, firstJson.GetProperty("accepted").GetInt32());
        Assert.Equal(1, firstJson.GetProperty("duplicates").GetInt32());
        var before = await AllEntriesAddedAsync(redis);

        using var again = await client.PostAsync("/api/signatures", Body(Item(host, "C")));
        var againJson = await JsonOf(again);
        Assert.Equal(0, againJson.GetProperty("accepted").GetInt32());
        Assert.Equal(1, againJson.GetProperty("duplicates").GetInt32());
        Assert.Equal(before, await AllEntriesAddedAsync(redis));

        using var changed = await client.PostAsync("/api/signatures", Body(Item(host, "C", sample: "GET /v1/files/43")));
        Assert.Equal(1, (await JsonOf(changed)).GetProperty("accepted").GetInt32());
        Assert.Equal([before[0], before[1], before[2] + 1], await AllEntriesAddedAsync(redis));
    }

    [Fact]
    public async Task Ndjson_bulk_load_enqueues_one_signature_per_line()
    {
        using var redis = await RedisAsync(Stack);
        var before = await AllEntriesAddedAsync(redis);
        var lines = string.Join("\n", Item(NewHost(), "A"), Item(NewHost(), "B"), "", Item(NewHost(), "C")) + "\n";
        using var client = Stack.CreateIngestClient();
        using var response = await client.PostAsync("/api/signatures", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (await JsonOf(response)).GetProperty("accepted").GetInt32());
        Assert.Equal([before[0] + 1, before[1] + 1, before[2] + 1], await AllEntriesAddedAsync(redis));
    }

    [Fact]
    public async Task Status_reports_queued_deferred_classified_needs_review_and_404()
    {
        using var redis = await RedisAsync(Stack);
        await using var pg = await PostgresAsync(Stack);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        foreach (var (id, state) in new[] { ($"q_{suffix}", "queued"), ($"d_{suffix}", "deferred") })
        {
            // The pending hash as ingest writes it: the latest accepted version and its state.
            await redis.GetDatabase().HashSetAsync(QueueKeys.PendingState(id),
                [new(QueueKeys.PendingVersionField, 1), new(QueueKeys.PendingStateField, state)]);
            await redis.GetDatabase().KeyExpireAsync(QueueKeys.PendingState(id), TimeSpan.FromMinutes(5));
        }
        await SeedSignatureAsync(pg, $"c_{suffix}", "A", NewHost(), "classified");
        await ExecAsync(pg, """
            INSERT INTO classifications (signature_id, signature_version, service, category, risk, confidence, rationale, model, source, created_at)
            SELECT id, version, 'OpenAI API', 'ai_service', 'high', 0.9, 'LLM API', 'gpt-test', 'llm', now() FROM signatures WHERE id = $1
            """, $"c_{suffix}");
        await SeedSignatureAsync(pg, $"r_{suffix}", "B", NewHost(), "needs_review");
        using var client = Stack.CreateIngestClient();

        async Task<JsonElement> Status(string id)
        {
            using var response = await client.GetAsync($"/api/signatures/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await JsonOf(response);
        }

        Assert.Equal("queued", (await Status($"q_{suffix}")).GetProperty("status").GetString());
        Assert.Equal("deferred", (await Status($"d_{suffix}")).GetProperty("status").GetString());
        var classified = await Status($"c_{suffix}");
        Assert.Equal("classified", classified.GetProperty("status").GetString());
        Assert.Equal("A", classified.GetProperty("tier").GetString());
        Assert.Equal("ai_service", classified.GetProperty("classification").GetProperty("category").GetString());
        Assert.Equal("needs_review", (await Status($"r_{suffix}")).GetProperty("status").GetString());
        using var missing = await client.GetAsync($"/api/signatures/nope_{suffix}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Budget_is_read_and_updated_with_validation_and_audit()
    {
        await using var pg = await PostgresAsync(Stack);
        using var client = Stack.CreateOperatorClient();
        using var get = await client.GetAsync("/api/budget");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var budget = await JsonOf(get);
        Assert.Contains(budget.GetProperty("state").GetString(), new[] { "open", "soft_limited", "exhausted" });
        Assert.True(budget.GetProperty("queued").TryGetProperty("C", out _));
        var original = new
        {
            dailyBudgetUsd = budget.GetProperty("budgetUsd").GetDecimal(),
            softLimitFraction = budget.GetProperty("softLimitFraction").GetDouble(),
            timeZone = budget.GetProperty("timeZone").GetString(),
        };
        try
        {
            using var put = await client.PutAsJsonAsync("/api/budget", new { dailyBudgetUsd = 12.5m, softLimitFraction = 0.8, timeZone = "Europe/Berlin" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var updated = await JsonOf(await client.GetAsync("/api/budget"));
            Assert.Equal(12.5m, updated.GetProperty("budgetUsd").GetDecimal());
            Assert.Equal(0.8, updated.GetProperty("softLimitFraction").GetDouble());
            // A new zone applies from the next midnight of the current one: today's spend is not reset by it.
            Assert.Equal(original.timeZone, updated.GetProperty("timeZone").GetString());
            Assert.Equal("Europe/Berlin", updated.GetProperty("pendingTimeZone").GetString());
            Assert.Equal(updated.GetProperty("nextDayStartsAt").GetDateTimeOffset(), updated.GetProperty("timeZoneChangeAt").GetDateTimeOffset());
            var actor = (string?)await ExecAsync(pg, "SELECT actor FROM audit_log WHERE action = 'settings.budget' ORDER BY id DESC LIMIT 1");
            Assert.StartsWith("api:", actor);

            foreach (var (body, field) in new (string, string)[]
            {
                ("""{"dailyBudgetUsd":-1,"softLimitFraction":0.5}""", "dailyBudgetUsd"),
                ("""{"dailyBudgetUsd":5,"softLimitFraction":0}""", "softLimitFraction"),
                ("""{"dailyBudgetUsd":5,"softLimitFraction":1.5}""", "softLimitFraction"),
                ("""{"dailyBudgetUsd":5,"softLimitFraction":0.5,"timeZone":"Mars/Olympus"}""", "timeZone"),
                ("""{"softLimitFraction":0.5}""", "dailyBudgetUsd"),
                ("""{"dailyBudgetUsd":5,"softLimitFraction":0.5,"extra":1}""", "extra"),
                ("""{"dailyBudgetUsd":"5","softLimitFraction":0.5}""", "dailyBudgetUsd"),
            })
            {
                using var bad = await client.PutAsync("/api/budget", Json(body));
                Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{body}: {bad.StatusCode}");
                Assert.Contains(field, ProblemText(await bad.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
            }
            Assert.Equal(12.5m, (await JsonOf(await client.GetAsync("/api/budget"))).GetProperty("budgetUsd").GetDecimal());

            // JSON's -0 is a zero budget (the fuzzer found it answered 500 while the audit row was written).
            using var zero = await client.PutAsync("/api/budget", Json("""{"dailyBudgetUsd":-0,"softLimitFraction":0.8}"""));
            Assert.Equal(HttpStatusCode.OK, zero.StatusCode);
            var zeroBudget = (await JsonOf(zero)).GetProperty("budgetUsd");
            Assert.Equal((0m, false), (zeroBudget.GetDecimal(), zeroBudget.GetRawText().StartsWith('-')));
        }
        finally
        {
            (await client.PutAsJsonAsync("/api/budget", original)).Dispose();
        }
    }

    [Fact]
    public async Task Batches_are_listed_newest_first_and_detail_shows_items_with_results_and_review_reasons()
    {
        await using var pg = await PostgresAsync(Stack);
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        var okSig = "b_ok_" + Guid.NewGuid().ToString("N")[..8];
        var badSig = "b_bad_" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (id, offset) in new[] { (older, "-2 hours"), (newer, "-1 hours") })
        {
            await ExecAsync(pg, $"""
                INSERT INTO batches (id, tier, model, signature_count, sample_chars, estimated_input_tokens, estimated_output_tokens,
                  input_tokens, output_tokens, cost_usd_estimated, cost_usd_actual, latency_ms, attempts, json_retries, success_rate, status, started_at, finished_at)
                VALUES ($1, 'A', 'gpt-test', 2, 120, 300, 300, 310, 280, 0.001, 0.0011, 850, 1, 0, 1.0, 'partial', now() + interval '{offset}', now())
                """, id);
        }
        await SeedSignatureAsync(pg, okSig, "A", NewHost(), "classified", newer);
        await SeedSignatureAsync(pg, badSig, "A", NewHost(), "needs_review", newer);
        await ExecAsync(pg, "INSERT INTO batch_items (batch_id, signature_id, outcome) VALUES ($1, $2, 'classified'), ($1, $3, 'needs_review')", newer, okSig, badSig);
        await ExecAsync(pg, """
            INSERT INTO classifications (signature_id, batch_id, service, category, risk, confidence, rationale, model, source, created_at)
            VALUES ($1, $2, 'Dropbox', 'file_sharing', 'medium', 0.8, 'file sync', 'gpt-test', 'llm', now())
            """, okSig, newer);
        await SeedReviewItemAsync(pg, badSig, "A", newer);
        using var client = Stack.CreateOperatorClient();

        var list = await JsonOf(await client.GetAsync("/api/batches?limit=500"));
        var ids = list.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(newer) >= 0 && ids.IndexOf(newer) < ids.IndexOf(older));
        var summary = list.EnumerateArray().First(b => b.GetProperty("id").GetGuid() == newer);
        Assert.Equal(310, summary.GetProperty("inputTokens").GetInt32());
        Assert.Equal("partial", summary.GetProperty("status").GetString());

        using var detailResponse = await client.GetAsync($"/api/batches/{newer}");
        Assert.Equal(HttpStatusCode.OK, detailResponse.StatusCode);
        var items = (await JsonOf(detailResponse)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var ok = items.Single(i => i.GetProperty("signatureId").GetString() == okSig);
        Assert.Equal("file_sharing", ok.GetProperty("result").GetProperty("category").GetString());
        Assert.Equal("/v1/things", ok.GetProperty("pathTemplate").GetString());
        Assert.Equal("llm_unavailable", items.Single(i => i.GetProperty("signatureId").GetString() == badSig).GetProperty("reviewReason").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/batches/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/batches?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Review_actions_are_idempotent_audited_and_conflict_with_a_different_action()
    {
        using var redis = await RedisAsync(Stack);
        await using var pg = await PostgresAsync(Stack);
        var s = Guid.NewGuid().ToString("N")[..8];
        await SeedSignatureAsync(pg, $"rq_{s}", "B", NewHost(), "needs_review");
        await SeedSignatureAsync(pg, $"rs_{s}", "A", NewHost(), "needs_review");
        await SeedSignatureAsync(pg, $"rd_{s}", "C", NewHost(), "needs_review");
        var requeue = await SeedReviewItemAsync(pg, $"rq_{s}", "B");
        var resolve = await SeedReviewItemAsync(pg, $"rs_{s}", "A");
        var dismiss = await SeedReviewItemAsync(pg, $"rd_{s}", "C");
        using var client = Stack.CreateOperatorClient();
        using var ingest = Stack.CreateIngestClient();

        var open = await JsonOf(await client.GetAsync("/api/review?status=open&limit=500"));
        Assert.Contains(open.EnumerateArray(), i => i.GetProperty("id").GetInt64() == requeue && i.GetProperty("reason").GetString() == "llm_unavailable");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/review?status=bogus")).StatusCode);

        // Requeue: one new entry in the B stream, origin "requeue"; repeating it adds nothing.
        var before = await AllEntriesAddedAsync(redis);
        using var r1 = await client.PostAsync($"/api/review/{requeue}/requeue", null);
        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        var r1Json = await JsonOf(r1);
        Assert.Equal("requeued", r1Json.GetProperty("status").GetString());
        Assert.StartsWith("api:", r1Json.GetProperty("actedBy").GetString());
        using var r2 = await client.PostAsync($"/api/review/{requeue}/requeue", null);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal(r1Json.GetProperty("actedAt").GetString(), (await JsonOf(r2)).GetProperty("actedAt").GetString());
        Assert.Equal([before[0], before[1] + 1, before[2]], await AllEntriesAddedAsync(redis));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/review/{requeue}/dismiss", null)).StatusCode);

        // Resolve: writes an operator classification and marks the signature classified.
        using var invalid = await client.PostAsJsonAsync($"/api/review/{resolve}/resolve", new { category = "spaceship", risk = "high" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Unknown category", ProblemText(await invalid.Content.ReadAsStringAsync()));
        using var resolved = await client.PostAsJsonAsync($"/api/review/{resolve}/resolve", new { category = "ai_service", risk = "high", note = "ChatGPT" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("ai_service", (await JsonOf(resolved)).GetProperty("resolutionCategory").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/review/{resolve}/resolve", new { category = "ai_service", risk = "high" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/review/{resolve}/resolve", new { category = "webmail", risk = "low" })).StatusCode);
        Assert.Equal(1L, await ExecAsync(pg, "SELECT count(*) FROM classifications WHERE signature_id = $1 AND source = 'operator'", $"rs_{s}"));
        Assert.Equal("classified", await ExecAsync(pg, "SELECT status FROM signatures WHERE id = $1", $"rs_{s}"));
        var status = await JsonOf(await ingest.GetAsync($"/api/signatures/rs_{s}"));
        Assert.Equal("operator", status.GetProperty("classification").GetProperty("source").GetString());

        // Dismiss: idempotent, audited once.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/review/{dismiss}/dismiss", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/review/{dismiss}/dismiss", null)).StatusCode);
        Assert.Equal(1L, await ExecAsync(pg, "SELECT count(*) FROM audit_log WHERE subject = $1", $"review:{dismiss}"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/review/999999999/dismiss", null)).StatusCode);
    }

    [Fact]
    public async Task Openapi_document_needs_no_key_but_the_api_does()
    {
        using var anonymous = Stack.App.CreateHttpClient(Aimo.Core.ResourceNames.Ingest);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/budget")).StatusCode);
    }
}
