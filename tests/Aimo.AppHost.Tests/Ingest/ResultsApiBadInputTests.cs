using System.Net;
using System.Text;
using System.Text.Json;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Ingest;

/// <summary>The results feed and the bulk status refuse bad input with a 400 and problem details that say what to send.</summary>
[Collection(StackCollection.Name)]
public sealed class ResultsApiBadInputTests(StackFixture fixture)
{
    private static string Ids(IEnumerable<string?> ids) => JsonSerializer.Serialize(new { ids });

    public static TheoryData<string, string, string?, string> Cases() => new()
    {
        { "GET", "/api/results?after=not-a-cursor", null, "Not a cursor of this feed" },
        // Well-formed base64url that this service never handed out.
        { "GET", $"/api/results?after={Convert.ToBase64String(Encoding.ASCII.GetBytes("feed1:-1")).TrimEnd('=')}", null, "Not a cursor of this feed" },
        { "GET", "/api/results?limit=0", null, "between 1 and 1000" },
        { "GET", "/api/results?limit=1001", null, "between 1 and 1000" },
        { "GET", "/api/results?limit=many", null, "limit" },
        { "POST", "/api/signatures/status", Ids([]), "between 1 and 1000 ids" },
        { "POST", "/api/signatures/status", Ids(Enumerable.Range(0, 1001).Select(i => $"sig_{i}")), "between 1 and 1000 ids" },
        { "POST", "/api/signatures/status", Ids(["ok_id", "not an id"]), "1-128 characters" },
        { "POST", "/api/signatures/status", Ids(["ok_id", null]), "ids" },
        { "POST", "/api/signatures/status", "{}", "ids" },
        { "POST", "/api/signatures/status", """{"ids":"sig_1"}""", "ids" },
        { "POST", "/api/signatures/status", """{"ids":[""", "JSON" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_400_with_problem_details(string method, string path, string? body, string message)
    {
        using var client = fixture.Stack.CreateIngestClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, ProblemText(text), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_bulk_status_answers_each_id_once_in_request_order_and_lists_the_unknown_ones()
    {
        await using var pg = await PostgresAsync(fixture.Stack);
        var (a, b) = ("bulk_" + Guid.NewGuid().ToString("N")[..10], "bulk_" + Guid.NewGuid().ToString("N")[..10]);
        await SeedSignatureAsync(pg, a, "A", NewHost(), "needs_review");
        await SeedSignatureAsync(pg, b, "B", NewHost(), "classified");
        using var client = fixture.Stack.CreateIngestClient();

        using var response = await client.PostAsync("/api/signatures/status", Json(Ids([b, "bulk_unknown_id", a, b])));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([(b, "classified"), (a, "needs_review")], root.GetProperty("signatures").EnumerateArray()
            .Select(s => (s.GetProperty("id").GetString(), s.GetProperty("status").GetString())));
        Assert.Equal(["bulk_unknown_id"], root.GetProperty("notFound").EnumerateArray().Select(e => e.GetString()));
    }
}
