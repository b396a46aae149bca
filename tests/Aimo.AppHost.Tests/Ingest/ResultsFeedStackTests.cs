using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.AppHost.Tests.Worker;
using Aimo.Core;
using Aimo.Core.Results;
using Aimo.Data.Results;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Ingest;

/// <summary>
/// Results back to the feeders, end to end on one stack: two worker replicas commit concurrently while a feeder reads
/// <c>GET /api/results</c> with its cursor and the results webhook posts to a receiver in this process that fails for
/// a while; the ingest service (the webhook's sender) is killed and started again in the middle. The feeder sees each
/// outcome exactly once, in commit order; the receiver gets every outcome at least once, signed, and de-duplicated by
/// cursor none is missing. CI runs 1,000 signatures; <c>AIMO_LONG_TESTS=1</c> the 5,000.
/// </summary>
public sealed class ResultsFeedStackTests : DedicatedStackTests
{
    private const string Secret = "test-results-webhook-secret-0001";
    private static readonly int Count = LongTests.Pick(1_000, 5_000);
    private static readonly TimeSpan Deadline = LongTests.Pick(TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(12));
    private readonly WebhookReceiver _receiver;

    public ResultsFeedStackTests() : this(new WebhookReceiver())
    {
    }

    private ResultsFeedStackTests(WebhookReceiver receiver) : base(
        "--Aimo:WorkerReplicas=2",
        $"--Aimo:Results:Webhook:Url={receiver.Url}",
        $"--Parameters:{ResourceNames.ResultsWebhookSecret}={Secret}",
        "--Services:ingest:Aimo:Results:Webhook:FirstRetryDelay=00:00:00.200",
        "--Services:ingest:Aimo:Results:Webhook:MaxRetryDelay=00:00:02",
        "--Services:ingest:Aimo:Results:Webhook:PollInterval=00:00:00.200")
    {
        _receiver = receiver;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private sealed record Seen(string Cursor, string Id, long Version, string Status);

    [Fact]
    public async Task A_feeder_and_the_webhook_get_every_outcome_of_concurrent_commits_in_commit_order_across_an_ingest_restart()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        // The receiver fails the first posts (a 503, then a 500, ...): they are retried with backoff, not lost.
        foreach (var status in new[] { 503, 500, 503, 502, 503 })
        {
            _receiver.Answers.Enqueue(status);
        }
        var feeder = new List<Seen>();
        using var stopReading = new CancellationTokenSource();
        var reading = ReadFeedAsync(feeder, stopReading.Token);

        var accepted = await IngestAsync(Count, deadline.Token);
        await Wait.UntilAsync(() => Task.FromResult(Delivered().Count > Count / 10), Deadline, "the webhook's first deliveries");
        await Stack.KillAsync(ResourceNames.Ingest, deadline.Token);
        _receiver.Answers.Enqueue(503);
        await Stack.StartAgainAsync(ResourceNames.Ingest, deadline.Token);

        await Wait.UntilAsync(() => Task.FromResult(Delivered().Select(d => d.Id).Distinct().Count() >= Count), Deadline,
            $"the webhook to deliver {Count} outcomes (has {Delivered().Select(d => d.Id).Distinct().Count()})", TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => Task.FromResult(Snapshot(feeder).Count >= Count), Deadline,
            $"the feeder to read {Count} outcomes", TimeSpan.FromSeconds(1));
        await stopReading.CancelAsync();
        await reading;

        // The feeder: each outcome exactly once, for exactly the version ingest accepted.
        Assert.Equal(Count, feeder.Count);
        Assert.Equal(accepted.OrderBy(a => a.Key), feeder.Select(s => KeyValuePair.Create(s.Id, s.Version)).OrderBy(a => a.Key));
        // In commit order: what it read while the replicas were committing is exactly the order of the settled feed
        // (nothing was committed behind its cursor), and one more read from its last cursor finds nothing new.
        var settled = await ReadAllAsync(null, deadline.Token);
        Assert.Equal(settled.Select(s => s.Cursor), feeder.Select(s => s.Cursor));
        Assert.Empty(await ReadAllAsync(feeder[^1].Cursor, deadline.Token));

        // The webhook: every post signed over its exact body; de-duplicated by cursor, the feed in its order, none missing.
        var raw = _receiver.Raw.ToList();
        Assert.All(raw, r => Assert.True(WebhookSignature.Verify(Secret, r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15)),
            $"signature {r.Signature} does not verify"));
        var unique = Delivered().DistinctBy(d => d.Cursor).ToList();
        Assert.Equal(settled.Select(s => s.Cursor), unique.Select(d => d.Cursor));
        Assert.Empty(_receiver.Answers);
        // The acknowledged position is in PostgreSQL (what a restarted sender resumes from): the end of the feed.
        await using var pg = await PostgresAsync(Stack);
        Assert.True(FeedCursor.TryDecode(settled[^1].Cursor, out var lastSeq));
        await Wait.ForAsync(async () => Convert.ToInt64(await ExecAsync(pg, "SELECT delivered_seq FROM webhook_deliveries WHERE url = $1", _receiver.Url)),
            seq => seq == lastSeq, TimeSpan.FromSeconds(30), seq => $"webhook_deliveries at {seq}, the feed ends at {lastSeq}");
        Assert.All(raw.Select(r => JsonDocument.Parse(r.Body).RootElement), post =>
        {
            var items = post.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(items[^1].GetProperty("cursor").GetString(), post.GetProperty("cursor").GetString());
        });

        // And the bulk status agrees with the feed for the first 1,000 ids, in one call.
        using var client = Stack.CreateIngestClient();
        var ids = accepted.Keys.Take(1000).ToList();
        using var response = await client.PostAsJsonAsync("/api/signatures/status", new { ids }, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token)).RootElement;
        var byId = statuses.GetProperty("signatures").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Empty(statuses.GetProperty("notFound").EnumerateArray());
        var fed = feeder.ToDictionary(s => s.Id);
        Assert.All(ids, id => Assert.Equal((fed[id].Status, fed[id].Version),
            (byId[id].GetProperty("status").GetString(), byId[id].GetProperty("version").GetInt64())));
    }

    private List<Seen> Delivered() =>
        [.. _receiver.Posts.ToList().SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(ToSeen)];

    private static Seen ToSeen(JsonElement item) => new(item.GetProperty("cursor").GetString()!, item.GetProperty("id").GetString()!,
        item.GetProperty("version").GetInt64(), item.GetProperty("status").GetString()!);

    private static List<Seen> Snapshot(List<Seen> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }

    /// <summary>Sends <paramref name="count"/> new signatures through the API; returns each id with the version it was accepted as.</summary>
    private async Task<Dictionary<string, long>> IngestAsync(int count, CancellationToken cancellationToken)
    {
        using var client = Stack.CreateIngestClient();
        var accepted = new Dictionary<string, long>();
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var start = 0; start < count; start += 1000)
        {
            var items = Enumerable.Range(start, Math.Min(1000, count - start))
                .Select(i => Item($"f{i}.{run}.example.com", "ABC"[i % 3].ToString(), sample: $"GET /v1/files/{i}")).ToArray();
            using var response = await client.PostAsync("/api/signatures", Body(items), cancellationToken);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
            var ids = body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
            var versions = body.GetProperty("versions").EnumerateArray().Select(e => e.GetInt64()).ToList();
            foreach (var (id, version) in ids.Zip(versions))
            {
                accepted[id] = version;
            }
        }
        return accepted;
    }

    /// <summary>A feeder's loop: read after the cursor it keeps, at once again while there is more, else a little later.</summary>
    private async Task ReadFeedAsync(List<Seen> seen, CancellationToken stop)
    {
        string? cursor = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = Stack.CreateApiClient(AimoStack.IngestApiKeyNext);
                var page = await PageAsync(client, cursor, stop);
                if (page is { } p)
                {
                    lock (seen)
                    {
                        seen.AddRange(p.GetProperty("items").EnumerateArray().Select(ToSeen));
                    }
                    cursor = p.GetProperty("next").GetString();
                    if (p.GetProperty("hasMore").GetBoolean())
                    {
                        continue;
                    }
                }
                await Task.Delay(300, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // Ingest is being restarted: a feeder retries with the cursor it kept.
                await Task.Delay(500, CancellationToken.None);
            }
        }
    }

    /// <summary>One page, or null when the service answered 429/5xx (tried again later, same cursor).</summary>
    private static async Task<JsonElement?> PageAsync(HttpClient client, string? cursor, CancellationToken cancellationToken)
    {
        var url = cursor is null ? "/api/results?limit=500" : $"/api/results?limit=500&after={Uri.EscapeDataString(cursor)}";
        using var response = await client.GetAsync(url, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            return null;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }

    private async Task<List<Seen>> ReadAllAsync(string? after, CancellationToken cancellationToken)
    {
        using var client = Stack.CreateIngestClient();
        var all = new List<Seen>();
        while (true)
        {
            var page = await PageAsync(client, after, cancellationToken) ?? throw new InvalidOperationException("the feed did not answer");
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(ToSeen));
            after = page.GetProperty("next").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return all;
            }
        }
    }
}
