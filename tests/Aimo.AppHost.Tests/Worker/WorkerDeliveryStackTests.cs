using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Re-sent signatures through the real ingest API, as an upstream feeder sends them: every accepted version ends
/// classified once, the newest content wins, and the status route never reports an older version.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class WorkerDeliveryStackTests(StackFixture fixture) : IAsyncLifetime
{
    private WorkerHarness _h = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _h = await WorkerHarness.ConnectAsync(fixture.Stack);
        _api = fixture.Stack.CreateIngestClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _h.ResetSimAsync();
        await _h.DisposeAsync();
    }

    private static object Item(string id, string host, string tier, string sample) =>
        new { id, tier, method = "GET", host, pathTemplate = "/v1/items/{id}", samples = new[] { sample } };

    private async Task<JsonElement> IngestAsync(params object[] items)
    {
        using var response = await _api.PostAsJsonAsync("/api/signatures", new { signatures = items });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> StatusAsync(string id) => await _api.GetFromJsonAsync<JsonElement>($"/api/signatures/{id}");

    [Fact]
    public async Task The_same_id_twice_in_one_request_classifies_the_newer_content_once_and_poisons_nothing()
    {
        var run = WorkerHarness.NewRun();
        var others = Enumerable.Range(0, 5).Select(i => Item($"dup-{run}-{i}", $"h{i}.{run}.example.com", "A", "GET /v1/items/1")).ToArray();
        var twice = $"dup-{run}-twice";
        var accepted = await IngestAsync([.. others, Item(twice, $"twice.{run}.example.com", "A", "GET /v1/items/1?v=1"),
            Item(twice, $"twice.{run}.example.com", "A", "GET /v1/items/1?v=2")]);
        Assert.Equal(7, accepted.GetProperty("accepted").GetInt32());

        string[] ids = [.. Enumerable.Range(0, 5).Select(i => $"dup-{run}-{i}"), twice];
        await _h.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(30));
        await _h.AssertClassifiedExactlyOnceAsync(ids);
        Assert.Equal("GET /v1/items/1?v=2", (string?)await _h.Db.ScalarAsync("SELECT samples[1] FROM signatures WHERE id = $1", twice));
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids));
    }

    [Fact]
    public async Task A_newer_version_sent_while_the_older_is_in_flight_is_classified_and_reported_never_older()
    {
        var run = WorkerHarness.NewRun();
        var id = $"ver-{run}";
        var host = $"ver.{run}.example.com";
        // v1's batch fails twice before it succeeds: about three seconds in flight.
        await _h.ForceAsync(new { fault = "http500", count = 2, match = run });
        await IngestAsync(Item(id, host, "A", $"GET /v1/items/1?run={run}&v=1"));
        await Wait.UntilAsync(async () => await _h.SimOutcomeCountAsync("http500") >= 1, TimeSpan.FromSeconds(20), "v1's batch to reach the LLM");

        await IngestAsync(Item(id, host, "A", $"GET /v1/items/1?run={run}&v=2"));
        var v2 = (await StatusAsync(id)).GetProperty("version").GetInt64();
        var reported = new List<(string Status, long Version)>();
        await Wait.UntilAsync(async () =>
        {
            var status = await StatusAsync(id);
            reported.Add((status.GetProperty("status").GetString()!, status.GetProperty("version").GetInt64()));
            return reported[^1] == (SignatureStatuses.Classified, v2);
        }, TimeSpan.FromSeconds(40), "v2 to be classified");

        Assert.All(reported, r => Assert.Equal(v2, r.Version));
        Assert.Equal($"GET /v1/items/1?run={run}&v=2", (string?)await _h.Db.ScalarAsync("SELECT samples[1] FROM signatures WHERE id = $1", id));
        Assert.Equal(v2, (long)(await _h.Db.ScalarAsync("SELECT version FROM signatures WHERE id = $1", id))!);
        // Each accepted version classified exactly once: v1 by its batch, v2 by its own.
        var versions = await _h.Db.RowsAsync("SELECT signature_version FROM classifications WHERE signature_id = $1 ORDER BY signature_version", id);
        Assert.Equal(2, versions.Count);
        Assert.Equal(v2, (long)versions[1][0]!);
        // Re-sending v2 now is a duplicate: it was classified, not dropped.
        Assert.Equal(1, (await IngestAsync(Item(id, host, "A", $"GET /v1/items/1?run={run}&v=2"))).GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Moving_a_signature_from_C_to_A_with_the_same_content_is_not_a_duplicate_and_A_wins()
    {
        var original = await _h.ReadBudgetAsync();
        var run = WorkerHarness.NewRun();
        var id = $"tier-{run}";
        try
        {
            // C waits at the soft limit; the same content re-sent as A must not stay behind it.
            await _h.SetBudgetAsync(1m);
            await _h.SetSpentAsync(900_000);
            var c = await IngestAsync(Item(id, $"tier.{run}.example.com", "C", "GET /v1/items/1"));
            Assert.Equal(1, c.GetProperty("accepted").GetInt32());
            var a = await IngestAsync(Item(id, $"tier.{run}.example.com", "A", "GET /v1/items/1"));
            Assert.Equal(1, a.GetProperty("accepted").GetInt32());

            await _h.WaitForStatusAsync([id], SignatureStatuses.Classified, TimeSpan.FromSeconds(20));
            Assert.Equal("A", (string?)await _h.Db.ScalarAsync("SELECT tier FROM signatures WHERE id = $1", id));
            // When the budget opens, the superseded C entry is acknowledged, not classified a second time.
            await _h.SetSpentAsync(0);
            await _h.SetBudgetAsync(original.Budget, original.SoftLimit);
            await Wait.UntilAsync(async () => await _h.EntriesInStreamAsync(Tier.C, [id]) == 0, TimeSpan.FromSeconds(30), "the C entry to be acknowledged");
            await _h.AssertClassifiedExactlyOnceAsync([id]);
        }
        finally
        {
            await _h.SetSpentAsync(0);
            await _h.SetBudgetAsync(original.Budget, original.SoftLimit);
        }
    }
}
