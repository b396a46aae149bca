using System.Net;
using System.Text.Json;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Ingest;

/// <summary><c>GET /api/export/{kind}</c> on the running stack: streamed downloads with the pages' filters, and 400s for bad parameters.</summary>
[Collection(StackCollection.Name)]
public sealed class ExportApiTests(StackFixture fixture)
{
    private AimoStack Stack => fixture.Stack;

    [Fact]
    public async Task Review_export_as_csv_is_a_streamed_download_with_safe_fields_and_only_the_filtered_rows()
    {
        var host = "=" + NewHost();
        long wanted;
        await using (var pg = await PostgresAsync(Stack))
        {
            var a = $"exa_{Guid.NewGuid():N}"[..20];
            var c = $"exc_{Guid.NewGuid():N}"[..20];
            await SeedSignatureAsync(pg, a, "A", host, "needs_review");
            await SeedSignatureAsync(pg, c, "C", host, "needs_review");
            wanted = await SeedReviewItemAsync(pg, a, "A");
            await SeedReviewItemAsync(pg, c, "C");
        }
        using var client = Stack.CreateOperatorClient();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await client.GetAsync($"/api/export/review?format=csv&tier=A&q={Uri.EscapeDataString(host[1..])}&from={today}&to={today}",
            HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Null(response.Content.Headers.ContentLength); // streamed, not buffered
        var rows = Csv.Records(await response.Content.ReadAsStringAsync());
        var row = Assert.Single(rows);
        Assert.Equal(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture), row["id"]);
        Assert.Equal("'" + host, row["host"]);
        Assert.Equal("llm_unavailable", row["reason"]);
    }

    [Fact]
    public async Task Signature_export_as_ndjson_has_one_json_object_per_line_with_its_classification()
    {
        var host = NewHost();
        var id = $"exn_{Guid.NewGuid():N}"[..20];
        await using (var pg = await PostgresAsync(Stack))
        {
            await SeedSignatureAsync(pg, id, "B", host, "classified");
            await ExecAsync(pg, """
                INSERT INTO classifications (signature_id, signature_version, service, category, risk, confidence, rationale, model, source, created_at)
                VALUES ($1, 0, 'Example', 'ai_service', 'high', 0.93, 'A chat API, "quoted", with a comma', 'aimo-sim-1', 'llm', now())
                """, id);
        }
        using var client = Stack.CreateOperatorClient();

        using var response = await client.GetAsync($"/api/export/signatures?format=ndjson&q={host}&category=ai_service");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal("high", json.GetProperty("risk").GetString());
        Assert.Equal(0.93, json.GetProperty("confidence").GetDouble(), 6);
        Assert.Equal("A chat API, \"quoted\", with a comma", json.GetProperty("rationale").GetString());
    }

    [Theory]
    [InlineData("/api/export/orders", "kind")]
    [InlineData("/api/export/batches?format=xlsx", "format")]
    [InlineData("/api/export/batches?from=last-week", "from")]
    [InlineData("/api/export/batches?from=2026-11-30&to=2026-11-01", "to")]
    [InlineData("/api/export/batches?tier=Z", "tier")]
    [InlineData("/api/export/batches?limit=10", "limit")]
    [InlineData("/api/export/review?status=closed", "status")]
    [InlineData("/api/export/signatures?category=weapons", "category")]
    public async Task Bad_parameters_get_400_problem_details_naming_the_parameter(string url, string field)
    {
        using var client = Stack.CreateOperatorClient();
        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors: {errors}");
    }

    [Fact]
    public async Task Export_needs_the_api_key()
    {
        using var client = Stack.App.CreateHttpClient(Aimo.Core.ResourceNames.Ingest);
        using var response = await client.GetAsync("/api/export/batches");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
