using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aimo.Ingest.Api.Tests;

/// <summary>
/// The ingest service's fallback policy: a route mapped without any authorization metadata needs a valid key (a route
/// forgotten in review is not open to the world); only routes that opt out with AllowAnonymous (the health probes, the
/// development OpenAPI document) answer without one.
/// </summary>
public sealed class FallbackAuthorizationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Forgotten = "/api/forgotten";

    private Task<IngestTestHost> StartAsync() => IngestTestHost.StartAsync(redis.Redis.Configuration,
        map: app => app.MapGet(Forgotten, () => "anyone may read this"));

    [Fact]
    public async Task A_route_mapped_without_authorization_answers_401_without_a_key_and_200_with_one()
    {
        await using var host = await StartAsync();
        using var anonymous = host.Client(apiKey: null);
        using var response = await anonymous.GetAsync(Forgotten);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var withKey = host.Client(IngestTestHost.IngestKey);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync(Forgotten)).StatusCode);
    }

    [Fact]
    public async Task Health_and_the_development_openapi_document_opt_out_and_answer_without_a_key()
    {
        await using var host = await StartAsync();
        using var anonymous = host.Client(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
