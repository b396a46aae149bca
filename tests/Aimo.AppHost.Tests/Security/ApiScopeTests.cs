using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Security;

/// <summary>
/// Who may call what: every route × {no key, an unknown key, each ingest key, each operator key}. Both keys of a
/// scope are tried, as during a rotation. 401 and 403 come as problem details, before any body is read.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ApiScopeTests(StackFixture fixture)
{
    private const string UnknownKey = "not-a-key-of-this-stack-0000";
    private AimoStack Stack => fixture.Stack;

    /// <summary>Rows name the route by "METHOD /template", so each of the 60 cases is a test of its own.</summary>
    public static TheoryData<string, string, string?> Matrix()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var route in ApiRoute.All.Select(r => r.ToString()))
        {
            data.Add(route, "none", null);
            data.Add(route, "unknown", UnknownKey);
            data.Add(route, ApiRoute.Ingest, AimoStack.IngestApiKey);
            data.Add(route, ApiRoute.Ingest, AimoStack.IngestApiKeyNext);
            data.Add(route, ApiRoute.Operator, AimoStack.OperatorApiKey);
            data.Add(route, ApiRoute.Operator, AimoStack.OperatorApiKeyNext);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_route_answers_each_kind_of_key_as_its_scope_says(string routeName, string keyKind, string? key)
    {
        var route = ApiRoute.All.Single(r => r.ToString() == routeName);
        using var client = Stack.CreateApiClient(key);
        using var response = await client.SendAsync(Request(route.Method, route.HarmlessPath, route.HarmlessJson));
        var body = await response.Content.ReadAsStringAsync();

        var expected = keyKind switch
        {
            "none" or "unknown" => HttpStatusCode.Unauthorized,
            _ when keyKind == route.Scope => (HttpStatusCode)route.HarmlessStatus,
            _ => HttpStatusCode.Forbidden,
        };
        Assert.True(expected == response.StatusCode, $"{route} with {keyKind} key: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
            Assert.Contains(keyKind switch
            {
                "none" => "header is missing",
                "unknown" => "not a valid key",
                _ => $"needs a key with the '{route.Scope}' scope",
            }, detail);
        }
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        }
    }

    [Fact]
    public async Task An_ingest_key_cannot_change_the_budget_or_act_on_the_review_queue()
    {
        await using var db = await Stack.DatabaseAsync();
        await using var pg = await PostgresAsync(Stack);
        var signature = "scope_" + Guid.NewGuid().ToString("N")[..10];
        await SeedSignatureAsync(pg, signature, "A", NewHost(), "needs_review");
        var item = await SeedReviewItemAsync(pg, signature, "A");
        var settingsBefore = await SettingsAsync(db);
        using var feeder = Stack.CreateIngestClient();

        // Valid requests, as an operator would send them: the key, not the body, is what is refused.
        using var budget = await feeder.PutAsJsonAsync("/api/budget", new { dailyBudgetUsd = 999_999, softLimitFraction = 1.0 });
        using var resolve = await feeder.PostAsJsonAsync($"/api/review/{item}/resolve", new { category = "ai_service", risk = "low" });
        using var dismiss = await feeder.PostAsync($"/api/review/{item}/dismiss", null);

        Assert.All([budget, resolve, dismiss], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(settingsBefore, await SettingsAsync(db));
        Assert.Equal("open", await db.ScalarAsync("SELECT status FROM review_items WHERE id = $1", item));
    }

    [Fact]
    public async Task Keys_are_checked_before_the_body_is_read_or_parsed()
    {
        using var redis = await RedisAsync(Stack);
        var before = await AllEntriesAddedAsync(redis);
        var huge = new ByteArrayContent(new byte[6 * 1024 * 1024]);
        huge.Headers.ContentType = new("application/json");
        using var anonymous = Stack.CreateApiClient(null);
        using var operatorKey = Stack.CreateOperatorClient();

        // Larger than any limit: still 401, not 413.
        using var tooLarge = await anonymous.PostAsync("/api/signatures", huge);
        Assert.Equal(HttpStatusCode.Unauthorized, tooLarge.StatusCode);
        // Malformed, with the other scope's key: 403, not 400.
        using var malformed = await operatorKey.PostAsync("/api/signatures", new StringContent("{nope", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, malformed.StatusCode);
        // Two keys in one request are refused rather than tried in turn.
        using var twoKeys = Stack.CreateApiClient(null);
        twoKeys.DefaultRequestHeaders.Add("X-Api-Key", [UnknownKey, AimoStack.IngestApiKey]);
        using var both = await twoKeys.GetAsync("/api/signatures/sig_none_of_these");
        Assert.Equal(HttpStatusCode.Unauthorized, both.StatusCode);
        Assert.Equal(before, await AllEntriesAddedAsync(redis));
    }

    [Fact]
    public async Task The_route_table_is_exactly_the_api_the_openapi_document_describes()
    {
        using var client = Stack.App.CreateHttpClient(Aimo.Core.ResourceNames.Ingest);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();

        // A route missing here has no declared scope: add it to ApiRoute.All with the scope it must need.
        Assert.Equal(documented, ApiRoute.All.Select(r => r.ToString()).Order().ToList());
    }

    private static HttpRequestMessage Request(string method, string path, string? json) =>
        new(new HttpMethod(method), path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };

    private static async Task<string> SettingsAsync(Npgsql.NpgsqlDataSource db) =>
        string.Join('|', (await db.RowsAsync("SELECT daily_budget_usd, soft_limit_fraction, time_zone, updated_at FROM settings")).SelectMany(r => r));
}
