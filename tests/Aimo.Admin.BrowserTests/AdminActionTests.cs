using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

[Collection(AdminCollection.Name)]
public sealed class AdminActionTests(AdminFixture fixture)
{
    [Fact]
    public async Task Batches_page_pages_and_sorts_on_the_server()
    {
        // The worker made a few real batches; older synthetic ones make paging meaningful.
        await using (var pg = await fixture.PostgresAsync())
        {
            for (var i = 0; i < 40; i++)
            {
                await ExecAsync(pg, """
                    INSERT INTO batches (id, tier, model, signature_count, sample_chars, estimated_input_tokens, estimated_output_tokens,
                        input_tokens, output_tokens, cost_usd_estimated, cost_usd_actual, latency_ms, attempts, json_retries, success_rate, status, started_at, finished_at)
                    VALUES ($1, 'C', 'gpt-4o-mini', $2, 400, 500, 300, 520, 290, 0.0004, 0.00041, $3, 1, 0, 1, 'succeeded', now() - make_interval(hours => $4), now() - make_interval(hours => $4))
                    ON CONFLICT DO NOTHING
                    """, Guid.NewGuid(), 1 + i % 20, 300 + i * 10, 1 + i);
            }
        }
        var total = (await fixture.Api.GetFromJsonAsync<JsonElement>("/api/batches?limit=500")).GetArrayLength();
        Assert.True(total >= 41, $"batches: {total}");

        var page = await fixture.SignedInPageAsync("batches");
        var grid = page.Locator("[data-testid=batch-grid]");
        // The charts aggregate in PostgreSQL; the real and seeded batches fall in the default 24 h window.
        await Expect(page.Locator(".mud-chart svg").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Could not load the charts")).ToHaveCountAsync(0);
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(25);
        await Expect(page.Locator(".mud-table-pagination-caption").Last).ToContainTextAsync($"1-25 of {total}");
        await AdminFixture.ScreenshotAsync(page, "batches");

        // Sort by signature count, ascending then descending; the grid asks the server each time.
        var header = grid.Locator("th", new() { HasText = "Signatures" }).Locator(".sortable-column-header");
        await header.ClickAsync();
        await Expect(grid.Locator("tbody tr").First.Locator("td").Nth(2)).ToHaveTextAsync("1");
        var ascending = await ColumnAsync(grid, 2);
        Assert.Equal(ascending.Order(), ascending);
        await header.ClickAsync();
        await Expect(grid.Locator("tbody tr").First.Locator("td").Nth(2)).Not.ToHaveTextAsync("1");
        var descending = await ColumnAsync(grid, 2);
        Assert.Equal(descending.OrderDescending(), descending);

        await page.ClickAsync("button[aria-label='Next page']");
        await Expect(page.Locator(".mud-table-pagination-caption").Last).ToContainTextAsync($"26-{Math.Min(50, total)} of {total}");
        await AdminFixture.ScreenshotAsync(page, "batches_page2");

        // A real batch's detail shows its signatures and results.
        var realBatch = (await fixture.Api.GetFromJsonAsync<JsonElement>("/api/batches?limit=500")).EnumerateArray()
            .First(b => b.GetProperty("model").GetString() != "gpt-4o-mini" || b.GetProperty("tier").GetString() != "C");
        await page.GotoAsync($"batches/{realBatch.GetProperty("id").GetGuid()}");
        await AdminFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("table").Last.Locator("tbody tr")).ToHaveCountAsync(realBatch.GetProperty("signatureCount").GetInt32());
        await AdminFixture.ScreenshotAsync(page, "batch_detail");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Review_items_are_resolved_and_requeued_and_the_api_shows_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        long resolveId, requeueId;
        await using (var pg = await fixture.PostgresAsync())
        {
            resolveId = await SeedReviewAsync(pg, $"rv1_{suffix}", "B", $"chat-{suffix}.example.ai");
            requeueId = await SeedReviewAsync(pg, $"rv2_{suffix}", "C", $"cdn-{suffix}.example.net");
        }
        var page = await fixture.SignedInPageAsync("review");
        await Expect(page.Locator($"[data-testid=resolve-{resolveId}]")).ToBeVisibleAsync();
        await AdminFixture.ScreenshotAsync(page, "review");

        await page.ClickAsync($"[data-testid=resolve-{resolveId}]");
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("[data-testid=review-dialog-confirm]")).ToBeDisabledAsync();
        await PickAsync(page, dialog.Locator(".mud-input-control", new() { HasText = "Category" }).First, "ai_service");
        await PickAsync(page, dialog.Locator(".mud-input-control", new() { HasText = "Risk" }).First, "high");
        await dialog.Locator("textarea").FillAsync("Chat API of an AI vendor");
        await AdminFixture.ScreenshotAsync(page, "review_resolve_dialog");
        await dialog.Locator("[data-testid=review-dialog-confirm]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Resolved 1 item");

        await page.ClickAsync($"[data-testid=requeue-{requeueId}]");
        await page.Locator(".mud-dialog [data-testid=review-dialog-confirm]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Requeued 1 item");
        // Reflected at once: neither item is in the open queue any more.
        await Expect(page.Locator($"[data-testid=resolve-{resolveId}]")).ToHaveCountAsync(0);
        await Expect(page.Locator($"[data-testid=requeue-{requeueId}]")).ToHaveCountAsync(0);
        await AdminFixture.ScreenshotAsync(page, "review_after_actions");

        var resolved = await ReviewItemAsync("resolved", resolveId);
        Assert.Equal(AimoStack.Alice.Name, resolved.GetProperty("actedBy").GetString());
        Assert.Equal("ai_service", resolved.GetProperty("resolutionCategory").GetString());
        Assert.Equal("high", resolved.GetProperty("resolutionRisk").GetString());
        Assert.Equal("Chat API of an AI vendor", resolved.GetProperty("resolutionNote").GetString());
        var requeued = await ReviewItemAsync("requeued", requeueId);
        Assert.Equal(AimoStack.Alice.Name, requeued.GetProperty("actedBy").GetString());
        await using (var pg = await fixture.PostgresAsync())
        {
            // The audit log names the operator of each action.
            foreach (var (id, action) in new[] { (resolveId, "review.resolve"), (requeueId, "review.requeue") })
            {
                Assert.Equal(AimoStack.Alice.Name, await ExecAsync(pg, "SELECT actor FROM audit_log WHERE subject = $1 AND action = $2", $"review:{id}", action));
            }
        }
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_review_item_of_a_superseded_version_says_so_and_its_requeue_is_refused()
    {
        var id = $"sup_{Guid.NewGuid().ToString("N")[..8]}";
        long itemId;
        await using (var pg = await fixture.PostgresAsync())
        {
            // Version 3 went to review; version 5 was classified since.
            await ExecAsync(pg, """
                INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, version, status, created_at, updated_at)
                VALUES ($1, 'A', 'GET', 'new.example.com', '/v1/x', ARRAY['GET /v1/x'], repeat('0', 64), 5, 'classified', now(), now())
                """, id);
            itemId = (long)(await ExecAsync(pg, """
                INSERT INTO review_items (signature_id, signature_version, tier, reason, detail, status, created_at)
                VALUES ($1, 3, 'A', 'llm_unavailable', 'HTTP 500', 'open', now()) RETURNING id
                """, id))!;
        }
        var page = await fixture.SignedInPageAsync($"review?q={id}");
        await Expect(page.Locator($"[data-testid=superseded-{itemId}]")).ToBeVisibleAsync();

        await page.ClickAsync($"[data-testid=requeue-{itemId}]");
        await page.Locator(".mud-dialog [data-testid=review-dialog-confirm]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("superseded");
        Assert.Equal("open", (await ReviewItemAsync("open", itemId)).GetProperty("status").GetString());
        await page.CloseAsync();
    }

    [Fact]
    public async Task Budget_change_is_saved_and_the_api_reports_it()
    {
        // Bob, not alice: each operator's actions carry their own name.
        var page = await fixture.SignedInPageAsync("settings", AimoStack.Bob);
        var budget = page.Locator("[data-testid=settings-budget]").Locator("xpath=descendant-or-self::input").First;
        await budget.FillAsync("7.5");
        await budget.PressAsync("Tab");
        var soft = page.Locator("[data-testid=settings-soft-limit]").Locator("xpath=descendant-or-self::input").First;
        await soft.FillAsync("0.8");
        await soft.PressAsync("Tab");
        await page.ClickAsync("[data-testid=settings-save]");
        await Expect(page.Locator("[data-testid=settings-saved]")).ToContainTextAsync($"by {AimoStack.Bob.Name}");
        await AdminFixture.ScreenshotAsync(page, "settings");

        var api = await fixture.Api.GetFromJsonAsync<JsonElement>("/api/budget");
        Assert.Equal(7.5m, api.GetProperty("budgetUsd").GetDecimal());
        Assert.Equal(0.8, api.GetProperty("softLimitFraction").GetDouble(), 6);
        await using (var pg = await fixture.PostgresAsync())
        {
            Assert.Equal(AimoStack.Bob.Name, await ExecAsync(pg, "SELECT actor FROM audit_log WHERE action = 'settings.budget' ORDER BY id DESC LIMIT 1"));
        }
        await page.CloseAsync();
    }

    private async Task<JsonElement> ReviewItemAsync(string status, long id) =>
        (await fixture.Api.GetFromJsonAsync<JsonElement>($"/api/review?status={status}&limit=500")).EnumerateArray()
            .Single(r => r.GetProperty("id").GetInt64() == id);

    private static async Task PickAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)} —") }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static async Task<List<int>> ColumnAsync(ILocator grid, int index) =>
        (await grid.Locator($"tbody tr td:nth-child({index + 1})").AllTextContentsAsync()).Select(t => int.Parse(t.Trim())).ToList();

    private static async Task<long> SeedReviewAsync(NpgsqlConnection pg, string id, string tier, string host)
    {
        await ExecAsync(pg, """
            INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, status, created_at, updated_at)
            VALUES ($1, $2, 'POST', $3, '/v1/chat', ARRAY['POST /v1/chat'], repeat('0', 64), 'needs_review', now(), now())
            """, id, tier, host);
        return (long)(await ExecAsync(pg, """
            INSERT INTO review_items (signature_id, tier, reason, detail, http_status, raw_excerpt, status, created_at)
            VALUES ($1, $2, 'invalid_json', 'Expected a JSON object, got text after 2 attempts', NULL, 'Sure! Here is the classification: {"items": [', 'open', now()) RETURNING id
            """, id, tier))!;
    }

    private static async Task<object?> ExecAsync(NpgsqlConnection pg, string sql, params object?[] args)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
        return await command.ExecuteScalarAsync();
    }
}
