using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.AppHost.Tests.Worker;
using Aimo.Core;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Chaos;

/// <summary>One stack for the infrastructure restarts (each test leaves it running).</summary>
public sealed class RestartStackFixture : IAsyncLifetime
{
    public AimoStack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory(), StackFixture.Settings);

    public async Task DisposeAsync()
    {
        await Stack.DisposeAsync();
        Directory.Delete(Stack.StateDirectory, recursive: true);
    }
}

/// <summary>
/// Redis and PostgreSQL stopped and started mid-run: ingest never answers 202 for what it did not store, nothing
/// accepted is lost or classified twice, and a PostgreSQL outage burns no attempts.
/// </summary>
public sealed class InfrastructureRestartChaosTests(RestartStackFixture fixture) : IClassFixture<RestartStackFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(8);
    private WorkerHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorkerHarness.ConnectAsync(fixture.Stack);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_redis_restart_mid_run_loses_no_accepted_signature_and_ingest_answers_503_while_it_is_down()
    {
        var accepted = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stop = new CancellationTokenSource();
        var feeder = FeedAsync(accepted, statuses, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await fixture.Stack.StopAsync(ResourceNames.Redis, cts.Token);
            await Task.Delay(Down, cts.Token);
            await fixture.Stack.StartAgainAsync(ResourceNames.Redis, cts.Token);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await feeder;

        string[] ids = [.. accepted.Distinct()];
        Console.WriteLine($"Redis down {Down.TotalSeconds:0} s: {ids.Length} signatures accepted; answers {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, "ingest never answered 503 while Redis was down");
        Assert.All(statuses.Keys, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"unexpected {s}"));
        await _h.WaitForStatusAsync(ids, "classified", TimeSpan.FromMinutes(2));
        await _h.AssertClassifiedExactlyOnceAsync(ids);
    }

    [Fact]
    public async Task A_postgres_restart_mid_run_loses_nothing_classifies_nothing_twice_and_burns_no_attempt()
    {
        await _h.SetFaultsAsync(new { LatencyMs = 300, LatencyMaxMs = 600 });
        var ids = await _h.EnqueueAsync(Tier.B, LongTests.Pick(ci: 600, full: 3_000));
        await Task.Delay(TimeSpan.FromSeconds(2));
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await fixture.Stack.StopAsync(ResourceNames.Postgres, cts.Token);
            await Task.Delay(Down, cts.Token);
            await fixture.Stack.StartAgainAsync(ResourceNames.Postgres, cts.Token);
        }
        await _h.WaitForStatusAsync(ids, "classified", TimeSpan.FromMinutes(3));
        await _h.AssertClassifiedExactlyOnceAsync(ids);
        Assert.Equal(0, await _h.CountAsync("SELECT count(*) FROM review_items WHERE signature_id = ANY($1)", ids));
        // Nothing is left counted against the entries: finished entries forget their attempts.
        Assert.Equal(0, await _h.Redis.GetDatabase().HashLengthAsync(QueueKeys.EntryAttempts));
        await _h.SetFaultsAsync(new { });
    }

    /// <summary>Posts 20 new signatures every 100 ms until stopped, recording what got 202 and every status.</summary>
    private async Task FeedAsync(ConcurrentBag<string> accepted, ConcurrentDictionary<HttpStatusCode, int> statuses, CancellationToken stop)
    {
        using var api = fixture.Stack.CreateIngestClient();
        var run = WorkerHarness.NewRun();
        for (var request = 0; !stop.IsCancellationRequested; request++)
        {
            var signatures = Enumerable.Range(0, 20).Select(i => new
            {
                tier = "A", method = "GET", host = $"r{request}-{i}.{run}.example.com", pathTemplate = "/v1/x", samples = new[] { "GET /v1/x" },
            }).ToArray();
            try
            {
                using var response = await api.PostAsJsonAsync("/api/signatures", new { signatures }, CancellationToken.None);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    foreach (var id in body.GetProperty("ids").EnumerateArray())
                    {
                        accepted.Add(id.GetString()!);
                    }
                }
            }
            catch (HttpRequestException)
            {
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            }
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
