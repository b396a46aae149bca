using System.Net;
using Aimo.Core;
using Aimo.Data.Alerts;
using CsCheck;
using Npgsql;
using Xunit.Abstractions;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Security;

/// <summary>
/// Property: whatever is sent to any API route, the answer is never a 5xx, a 4xx is problem details, and a rejected
/// request enqueues nothing and changes nothing (stream counters, settings, review items, audit log); the service stays
/// healthy throughout. 1,000 generated requests in CI, 10,000 with AIMO_LONG_TESTS=1. Its own stack, whose rate limit
/// is out of the way (the fuzzer is one key sending as fast as it can).
/// </summary>
public sealed class ApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private AimoStack _stack = null!;

    private static int Iterations => LongTests.Pick(ci: 1_000, full: 10_000);

    public async Task InitializeAsync() => _stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory(),
        "--Services:ingest:Ingest:RateLimitPerMinute=1000000");

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        Directory.Delete(_stack.StateDirectory, recursive: true);
    }

    [Fact]
    public async Task Hostile_requests_get_4xx_problem_details_and_change_nothing()
    {
        using var redis = await RedisAsync(_stack);
        await using var db = await _stack.DatabaseAsync();
        var reviewIds = await SeedReviewItemsAsync(20);
        // A plain client: no resilience handler to retry a 429 or 503 out of sight. A big body is sent only once the
        // server asks for it (100-continue); a route that never reads its body answers without it.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = RequestTimeout })
        {
            BaseAddress = _stack.App.GetEndpoint(ResourceNames.Ingest, "http"),
            Timeout = RequestTimeout,
        };
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;

        await HostileRequests.For(reviewIds).SampleAsync(async request =>
        {
            var entriesBefore = await AllEntriesAddedAsync(redis);
            var stateBefore = await StateAsync(db, reviewIds);
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            // Kestrel itself refuses some request lines (e.g. an encoded NUL in the path) with a bare 400 before the
            // application runs: no problem details are possible there, and nothing can have changed.
            var refusedByServer = status == 400 && body.Length == 0 && response.Content.Headers.ContentType is null;
            lock (counts)
            {
                var key = refusedByServer ? "400 (Kestrel)" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                counts[key] = counts.GetValueOrDefault(key) + 1;
                sent++;
            }

            Assert.True(status < 500, $"{status} for {request}: {body}");
            if (status >= 400)
            {
                if (request.Method != "HEAD" && !refusedByServer)
                {
                    Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                        $"{status} without problem details for {request}: {body}");
                }
                Assert.Equal(entriesBefore, await AllEntriesAddedAsync(redis));
                Assert.Equal(stateBefore, await StateAsync(db, reviewIds));
            }
            if (sent % 250 == 0)
            {
                await AssertHealthyAsync();
            }
        }, iter: Iterations, threads: 1);

        await AssertHealthyAsync();
        output.WriteLine($"{sent} requests; by status: {string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"))}");
        Assert.Equal(Iterations, counts.Values.Sum());
        // The generator reaches both sides: accepted requests and each kind of refusal.
        Assert.All(new[] { "202", "400", "401", "403" }, s => Assert.True(counts.ContainsKey(s), $"no {s} among {string.Join(",", counts.Keys)}"));
    }

    private async Task AssertHealthyAsync()
    {
        using var probe = _stack.App.CreateHttpClient(ResourceNames.Ingest);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    /// <summary>
    /// What a rejected request must not touch: the settings row, the seeded review items and the audit log's rows that
    /// requests write. Budget alerts are audited by the admin's monitor on its own time (spend from the accepted
    /// signatures crosses a threshold of a budget an accepted PUT set), so they may land during any request.
    /// </summary>
    private static async Task<string> StateAsync(NpgsqlDataSource db, long[] reviewIds)
    {
        var settings = await db.RowsAsync("SELECT daily_budget_usd, soft_limit_fraction, time_zone, updated_by, updated_at FROM settings");
        var review = await db.RowsAsync("SELECT id, status, acted_by, acted_at, resolution_category FROM review_items WHERE id = ANY($1) ORDER BY id", reviewIds);
        var audit = await db.CountAsync($"SELECT count(*) FROM audit_log WHERE action <> '{BudgetAlertLog.AuditAction}'");
        return string.Join("|", settings.Concat(review).Select(row => string.Join(",", row))) + $"|audit={audit}";
    }

    private async Task<long[]> SeedReviewItemsAsync(int count)
    {
        await using var pg = await PostgresAsync(_stack);
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var signature = $"fuzz_{i}_{Guid.NewGuid():N}"[..24];
            await SeedSignatureAsync(pg, signature, "B", NewHost(), "needs_review");
            ids[i] = await SeedReviewItemAsync(pg, signature, "B");
        }
        return ids;
    }
}
