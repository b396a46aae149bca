using System.Text;
using System.Text.Json;
using Aimo.Core.Budget;
using Aimo.Data.Export;
using Aimo.Data.Queries;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Aimo.Data.Tests;

/// <summary>Exports against a real PostgreSQL: every row once, in order, across keyset pages; filters as the pages apply them.</summary>
[Collection(DataCollection.Name)]
public sealed class ExportWriterTests(DataFixture data)
{
    private static readonly BudgetClock Utc = BudgetSettings.Default.Clock(new FakeTimeProvider(DateTimeOffset.UtcNow));

    private static ExportRequest Request(string kind, params (string Key, string Value)[] query) =>
        ExportRequest.Parse(kind, query.ToDictionary(q => q.Key, q => (string?)q.Value), Utc, out var errors)
        ?? throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));

    private async Task<(string Text, int Flushes)> ExportAsync(ExportRequest request)
    {
        var output = new CountingStream();
        await new ExportWriter(data.Contexts).WriteAsync(request, output);
        return (Encoding.UTF8.GetString(output.ToArray()), output.Flushes);
    }

    [Fact]
    public async Task A_large_export_streams_every_row_once_in_order_page_by_page()
    {
        var model = $"m-{Guid.NewGuid():N}"[..12];
        const int count = ExportWriter.PageSize * 2 + 500;
        await using var db = NpgsqlDataSource.Create(data.Postgres.ConnectionString);
        // Many batches share a start time, so the keyset must order by (started_at, id), not by time alone.
        await db.ExecAsync("""
            INSERT INTO batches (id, tier, model, signature_count, sample_chars, estimated_input_tokens, estimated_output_tokens,
                input_tokens, output_tokens, cost_usd_estimated, cost_usd_actual, latency_ms, attempts, json_retries, success_rate, status, error, started_at)
            SELECT gen_random_uuid(), 'B', $1, 1, 10, 1, 1, 1, 1, 0.001, 0.001, g, 1, 0, 1, 'succeeded',
                   CASE WHEN g % 100 = 0 THEN '=cmd|'' /C calc''!A0, "quoted"' || chr(10) || 'second line' END,
                   TIMESTAMPTZ '2031-03-01 10:00:00+00' + make_interval(secs => g / 10)
            FROM generate_series(1, $2) g
            """, model, count);

        var (csv, flushes) = await ExportAsync(Request("batches", ("from", "2031-03-01"), ("to", "2031-03-01")));
        var rows = Csv.Records(csv).Where(r => r["model"] == model).ToList();

        Assert.Equal(count, rows.Count);
        Assert.Equal(count, rows.Select(r => r["id"]).Distinct().Count());
        Assert.Equal(rows.Select(r => r["started_at"]).Order(StringComparer.Ordinal), rows.Select(r => r["started_at"]));
        Assert.True(flushes >= 3, $"expected the export to be sent page by page, got {flushes} flushes");
        var hostile = rows.First(r => r["error"].Length > 0);
        Assert.Equal("'=cmd|' /C calc'!A0, \"quoted\"\nsecond line", hostile["error"]);

        var (ndjson, _) = await ExportAsync(Request("batches", ("format", "ndjson"), ("from", "2031-03-01"), ("to", "2031-03-01")));
        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("model").GetString() == model).ToList();
        Assert.Equal(count, lines.Count);
        Assert.Equal(0.001m, lines[0].GetProperty("cost_usd_actual").GetDecimal());
        // NDJSON carries values as they are: no spreadsheet guard.
        Assert.StartsWith("=cmd", lines.First(e => e.GetProperty("error").ValueKind == JsonValueKind.String).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Review_and_signature_exports_apply_the_pages_filters_and_carry_the_classification_of_the_current_version()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var db = NpgsqlDataSource.Create(data.Postgres.ConnectionString);
        foreach (var (id, tier) in new[] { ($"ex_{run}_1", "A"), ($"ex_{run}_2", "C") })
        {
            await db.ExecAsync("""
                INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, version, status, created_at, updated_at)
                VALUES ($1, $2, 'GET', $3, '/v1/x', ARRAY['GET /v1/x'], repeat('0', 64), 2, 'needs_review', now(), now())
                """, id, tier, $"@{run}.example.com");
            await db.ExecAsync("""
                INSERT INTO review_items (signature_id, tier, reason, detail, status, created_at)
                VALUES ($1, $2, 'invalid_json', '+not a formula', 'open', now())
                """, id, tier);
        }
        await db.ExecAsync("""
            INSERT INTO classifications (signature_id, signature_version, service, category, risk, confidence, rationale, model, source, created_at)
            VALUES ($1, 1, 'Old', 'other', 'low', 0.5, 'older', 'm', 'llm', now() - interval '1 hour'),
                   ($1, 2, 'New', 'ai_service', 'high', 0.9, 'newer', 'm', 'llm', now() - interval '2 hours')
            """, $"ex_{run}_1");

        var review = Csv.Records((await ExportAsync(Request("review", ("tier", "C"), ("q", run)))).Text);
        var item = Assert.Single(review);
        Assert.Equal($"ex_{run}_2", item["signature_id"]);
        Assert.Equal($"'@{run}.example.com", item["host"]);
        Assert.Equal("'+not a formula", item["detail"]);

        var signatures = Csv.Records((await ExportAsync(Request("signatures", ("q", run), ("category", "ai_service")))).Text);
        var signature = Assert.Single(signatures);
        Assert.Equal(("New", "high", "newer"), (signature["service"], signature["risk"], signature["rationale"]));
        Assert.Equal("[\"GET /v1/x\"]", signature["samples"]);
    }

    [Theory]
    [InlineData("orders", new string[0], "kind")]
    [InlineData("batches", new[] { "format", "xml" }, "format")]
    [InlineData("batches", new[] { "from", "yesterday" }, "from")]
    [InlineData("batches", new[] { "from", "2026-11-29T08:00:00" }, "from")]
    [InlineData("batches", new[] { "from", "2026-11-30", "to", "2026-11-29" }, "to")]
    [InlineData("batches", new[] { "tier", "D" }, "tier")]
    [InlineData("batches", new[] { "q", "x" }, "q")]
    [InlineData("review", new[] { "status", "closed" }, "status")]
    [InlineData("signatures", new[] { "risk", "extreme" }, "risk")]
    public void Bad_parameters_are_refused_by_name(string kind, string[] pairs, string field)
    {
        var query = pairs.Chunk(2).ToDictionary(p => p[0], p => (string?)p[1]);
        Assert.Null(ExportRequest.Parse(kind, query, Utc, out var errors));
        Assert.Contains(field, errors.Keys);
    }

    [Theory]
    [InlineData("1926-01-01", "2026-01-01")]
    [InlineData("2025-01-01", "2026-02-05")]
    [InlineData("1926-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    public void An_explicit_range_longer_than_the_limit_is_refused_naming_the_limit(string from, string to)
    {
        Assert.Null(ExportRequest.Parse("batches", new Dictionary<string, string?> { ["from"] = from, ["to"] = to }, Utc, out var errors));
        Assert.Contains($"{DateRange.MaxDays} days", Assert.Single(errors["to"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_of_exactly_the_limit_is_accepted()
    {
        var from = new DateOnly(2025, 1, 1);
        var to = from.AddDays(DateRange.MaxDays - 1);
        Assert.NotNull(ExportRequest.Parse("batches", new Dictionary<string, string?> { ["from"] = DateRange.Format(from), ["to"] = DateRange.Format(to) }, Utc, out _));
    }

    [Fact]
    public void Dates_are_budget_days_in_the_budget_time_zone_and_to_includes_its_whole_day()
    {
        var berlin = new BudgetClock(new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)), "Europe/Berlin");
        var request = ExportRequest.Parse("batches", new Dictionary<string, string?> { ["from"] = "2026-07-01", ["to"] = "2026-07-01" }, berlin, out _)!;
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), request.Batches!.From);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 22, 0, 0, TimeSpan.Zero), request.Batches.To);
    }

    /// <summary>Records what was written and how often it was flushed (one flush per page means the export is streamed).</summary>
    private sealed class CountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}
