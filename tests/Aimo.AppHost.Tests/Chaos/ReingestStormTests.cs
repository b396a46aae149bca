using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.AppHost.Tests.Worker;

namespace Aimo.AppHost.Tests.Chaos;

/// <summary>
/// The same ids re-sent with new content several times while the worker runs: each ends with its last content
/// classified, nothing is poison, and the status route never reports a version older than one already accepted.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ReingestStormTests(StackFixture fixture) : IAsyncLifetime
{
    private WorkerHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorkerHarness.ConnectAsync(fixture.Stack);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Each_id_ends_with_its_last_content_classified_and_is_never_reported_older()
    {
        var ids = LongTests.Pick(ci: 200, full: 1_000);
        const int rounds = 5;
        var run = WorkerHarness.NewRun();
        using var api = fixture.Stack.CreateIngestClient();
        var latestAccepted = new ConcurrentDictionary<string, long>();
        var stale = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var watcher = WatchAsync(api, [.. Enumerable.Range(0, ids).Where(i => i % 10 == 0).Select(i => $"storm-{run}-{i}")], latestAccepted, stale, stop.Token);

        for (var round = 1; round <= rounds; round++)
        {
            var signatures = Enumerable.Range(0, ids).Select(i => new
            {
                id = $"storm-{run}-{i}", tier = (i % 3) switch { 0 => "A", 1 => "B", _ => "C" }, method = "GET",
                host = $"s{i}.{run}.example.com", pathTemplate = "/v1/x", samples = new[] { $"GET /v1/x?round={round}" },
            }).ToArray();
            using var response = await api.PostAsJsonAsync("/api/signatures", new { signatures });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var versions = body.GetProperty("versions").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            for (var i = 0; i < ids; i++)
            {
                latestAccepted[signatures[i].id] = versions[i];
            }
            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }

        string[] all = [.. Enumerable.Range(0, ids).Select(i => $"storm-{run}-{i}")];
        await Wait.UntilAsync(async () => await _h.CountAsync(
            "SELECT count(*) FROM signatures WHERE status = 'classified' AND samples[1] = $2 AND id = ANY($1)", all, $"GET /v1/x?round={rounds}") == ids,
            TimeSpan.FromMinutes(2), "every id to end with its last content classified");
        await stop.CancelAsync();
        await watcher;

        var finalVersions = await _h.Db.RowsAsync("SELECT id, version FROM signatures WHERE id = ANY($1)", [all]);
        Assert.All(finalVersions, row => Assert.Equal(latestAccepted[(string)row[0]!], (long)row[1]!));
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", all));
        // Each version classified at most once, the last one exactly once.
        Assert.Equal(0, await _h.CountAsync("""
            SELECT count(*) FROM (SELECT signature_id, signature_version FROM classifications WHERE signature_id = ANY($1)
            GROUP BY 1, 2 HAVING count(*) > 1) twice
            """, all));
        var classifications = await _h.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", all);
        Console.WriteLine($"{ids} ids × {rounds} versions: {classifications} classifications (superseded versions were not sent); {stale.Count} stale reports");
        Assert.Empty(stale);
    }

    /// <summary>Polls the status of <paramref name="ids"/>; any report older than a version already accepted is stale.</summary>
    private static async Task WatchAsync(HttpClient api, string[] ids, ConcurrentDictionary<string, long> latestAccepted, ConcurrentBag<string> stale, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var id in ids)
            {
                var known = latestAccepted.GetValueOrDefault(id);
                using var response = await api.GetAsync($"/api/signatures/{id}", CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }
                var version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
                if (version < known)
                {
                    stale.Add($"{id}: reported {version} after {known} was accepted");
                }
            }
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
