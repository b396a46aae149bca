using System.Net;
using Aimo.Core;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Ingest;

/// <summary>
/// Ingest under faults, on a stack of its own (Redis is stopped, and the rate limit is set low through
/// the AppHost's <c>Services:ingest:*</c> settings): the caller always knows whether anything was accepted.
/// </summary>
public sealed class IngestOutageTests : IAsyncLifetime
{
    private const int RateLimitPerMinute = 4;
    private AimoStack _stack = null!;

    public async Task InitializeAsync() => _stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory(),
        $"--Services:ingest:Ingest:RateLimitPerMinute={RateLimitPerMinute}");

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        Directory.Delete(_stack.StateDirectory, recursive: true);
    }

    [Fact]
    public async Task Redis_down_gives_503_and_enqueues_nothing_then_the_rate_limit_answers_429_with_retry_after()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var app = _stack.App;
        using var client = _stack.CreateIngestClient();
        var body = Item(NewHost(), "A");
        long[] before;
        using (var redis = await RedisAsync(_stack))
        {
            before = await AllEntriesAddedAsync(redis);
        }

        await app.ResourceCommands.ExecuteCommandAsync(ResourceNames.Redis, KnownResourceCommands.StopCommand, cts.Token);
        await app.ResourceNotifications.WaitForResourceAsync(ResourceNames.Redis, KnownResourceStates.TerminalStates, cts.Token);

        using (var refused = await client.PostAsync("/api/signatures", Body(body), cts.Token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        await app.ResourceCommands.ExecuteCommandAsync(ResourceNames.Redis, KnownResourceCommands.StartCommand, cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Redis, cts.Token);
        using (var redis = await RedisAsync(_stack))
        {
            // Nothing of the refused request reached the stream while Redis was away.
            Assert.Equal(before, await AllEntriesAddedAsync(redis));
        }

        // Ingest's /health includes its Redis connection: once it answers 200, ingest has reconnected.
        while ((await client.GetAsync("/health", cts.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cts.Token);
        }

        // Re-sending after the outage is accepted exactly once (the refused request left no dedup marker).
        using var accepted = await client.PostAsync("/api/signatures", Body(body), cts.Token);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using (var redis = await RedisAsync(_stack))
        {
            Assert.Equal(before[0] + 1, (await AllEntriesAddedAsync(redis))[0]);
        }

        // Per key: the operator key has its own budget of requests, untouched by the ingest key's above.
        using var operatorClient = _stack.CreateOperatorClient();
        HttpResponseMessage? limited = null;
        for (var i = 0; i <= RateLimitPerMinute && limited is null; i++)
        {
            var response = await operatorClient.GetAsync("/api/budget", cts.Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }
}
