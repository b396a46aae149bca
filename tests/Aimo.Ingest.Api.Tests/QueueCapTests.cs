using System.Net;
using System.Net.Http.Json;
using System.Text;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Tests;

/// <summary>
/// <c>Ingest:MaxQueuedEntries</c> caps the tier streams' total backlog: a request that would take it past the cap is
/// refused whole (429, Retry-After, problem details) and enqueues nothing; a request of duplicates only adds nothing
/// and is accepted. With Redis away the answer is 503 with Retry-After.
/// </summary>
public sealed class QueueCapTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Cap = 3;

    private static StringContent Body(params string[] hosts) => new(
        "{\"signatures\":[" + string.Join(",", hosts.Select(h =>
            $$"""{"tier":"{{(h.Length % 2 == 0 ? "A" : "C")}}","host":"{{h}}","pathTemplate":"/x","samples":["GET /x"]}""")) + "]}",
        Encoding.UTF8, "application/json");

    private async Task<long> BacklogAsync()
    {
        var db = redis.Redis.GetDatabase();
        long total = 0;
        foreach (var tier in Enum.GetValues<Tier>())
        {
            total += await db.StreamLengthAsync(QueueKeys.Stream(tier));
        }
        return total;
    }

    [Fact]
    public async Task A_request_that_would_pass_the_cap_is_refused_whole_and_duplicates_still_pass()
    {
        await using var host = await IngestTestHost.StartAsync(redis.Redis.Configuration,
            [("Ingest:MaxQueuedEntries", Cap.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using var client = host.Client(IngestTestHost.IngestKey);

        using (var accepted = await client.PostAsync("/api/signatures", Body("one.example.com", "two.example.com")))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        using (var refused = await client.PostAsync("/api/signatures", Body("three.example.com", "four.example.com")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
            Assert.Contains("Ingest:MaxQueuedEntries", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(2, await BacklogAsync());

        using (var duplicates = await client.PostAsync("/api/signatures", Body("one.example.com", "two.example.com")))
        {
            Assert.Equal(HttpStatusCode.Accepted, duplicates.StatusCode);
            Assert.Equal(2, (await duplicates.Content.ReadFromJsonAsync<IngestResponseBody>())!.Duplicates);
        }
        using (var last = await client.PostAsync("/api/signatures", Body("three.example.com")))
        {
            Assert.Equal(HttpStatusCode.Accepted, last.StatusCode);
        }
        Assert.Equal(Cap, await BacklogAsync());
    }

    [Fact]
    public async Task Redis_unavailable_gives_503_with_retry_after()
    {
        await using var host = await IngestTestHost.StartAsync("127.0.0.1:1,abortConnect=false,connectTimeout=500");
        using var client = host.Client(IngestTestHost.IngestKey);
        using var response = await client.PostAsync("/api/signatures", Body("down.example.com"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 carries Retry-After");
    }

    private sealed record IngestResponseBody(int Accepted, int Duplicates);
}
