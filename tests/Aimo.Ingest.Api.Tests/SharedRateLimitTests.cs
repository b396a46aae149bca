using System.Net;
using Aimo.Ingest.Api.Security;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Tests;

/// <summary>
/// The per-key rate limit is counted in Redis, so replicas share it: two ingest hosts on one Redis together let a key
/// through no more often than the limit, and the rest get 429 with Retry-After and problem details.
/// </summary>
public sealed class SharedRateLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Limit = 5;

    // An id the route refuses before any lookup (400): the request costs nothing but its place in the limit.
    private const string Harmless = "/api/signatures/not!an!id";

    [Fact]
    public async Task Two_replicas_on_one_redis_together_allow_a_key_the_limit_and_no_more()
    {
        (string, string)[] settings = [("Ingest:RateLimitPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        await using var first = await IngestTestHost.StartAsync(redis.Redis.Configuration, settings);
        await using var second = await IngestTestHost.StartAsync(redis.Redis.Configuration, settings);
        using var a = first.Client(IngestTestHost.IngestKey);
        using var b = second.Client(IngestTestHost.IngestKey);

        var statuses = new List<string>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 3 * Limit; i++)
        {
            var response = await (i % 2 == 0 ? a : b).GetAsync(Harmless);
            statuses.Add(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests
                ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited?.Dispose();
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        // The whole sequence in the message: which request got what, with the body of anything but 400/429.
        var expected = Enumerable.Repeat("400", Limit).Concat(Enumerable.Repeat("429", 2 * Limit));
        Assert.Equal(string.Join(", ", expected), string.Join(", ", statuses));
        Assert.NotNull(limited);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        limited.Dispose();

        // Another key has its own count.
        using var operatorClient = first.Client(IngestTestHost.OperatorKey);
        using var other = await operatorClient.GetAsync("/api/batches?limit=0");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Two_counters_on_their_own_connections_taking_at_once_together_allow_exactly_the_limit()
    {
        const int limit = 25;
        var partition = $"api:{Guid.NewGuid():N}"[..16];
        var takes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Redis.Configuration);
            var counter = new ApiKeyRateCounter(connection);
            return await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => counter.TakeAsync(partition, limit, TimeSpan.FromMinutes(1))));
        }));

        var all = takes.SelectMany(t => t).ToList();
        Assert.Equal(limit, all.Count(t => t.Allowed));
        Assert.All(all.Where(t => !t.Allowed), t => Assert.InRange(t.WindowLeft, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)));
    }
}
