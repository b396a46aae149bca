using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

/// <summary>Filters live in the URL (shareable, survive a reload) and Export downloads exactly what the page shows.</summary>
[Collection(AdminCollection.Name)]
public sealed class ExportAndFilterTests(AdminFixture fixture)
{
    [Fact]
    public async Task Signature_filters_survive_a_reload_and_the_csv_export_has_the_filtered_rows()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using (var pg = await fixture.PostgresAsync())
        {
            await Seed.SignatureAsync(pg, $"exp_{run}_a", "A", $"chat-{run}.example.ai", "classified");
            await Seed.ClassificationAsync(pg, $"exp_{run}_a", "ai_service", "high");
            // Traffic is untrusted: a host that a spreadsheet would run as a formula.
            await Seed.SignatureAsync(pg, $"exp_{run}_c", "C", $"=cmd-{run}.example.net", "classified");
            await Seed.ClassificationAsync(pg, $"exp_{run}_c", "file_sharing", "medium");
        }

        var page = await fixture.SignedInPageAsync($"signatures?q={run}&tier=A");
        var grid = page.Locator("[data-testid=signature-grid]");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync($"exp_{run}_a");
        await Expect(page.Locator("[data-testid=signature-search]").Locator("xpath=descendant-or-self::input").First).ToHaveValueAsync(run);
        await AdminFixture.ScreenshotAsync(page, "signatures_filtered");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-csv]"));
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var rows = Csv.Records(await File.ReadAllTextAsync((await download.PathAsync())!));
        var row = Assert.Single(rows);
        Assert.Equal(($"exp_{run}_a", "A", "ai_service", "high", "Example, Inc."), (row["id"], row["tier"], row["category"], row["risk"], row["service"]));

        // Another filter from the UI goes into the URL; a reload keeps it. The select closes its list a round trip before
        // the page calls NavigateTo, so the URL changes just as the wait starts: a polling assertion, because
        // WaitForURLAsync misses a same-document navigation that lands between its URL check and its event subscription.
        await PickAsync(page, "[data-testid=signature-tier-filter]", "C");
        await Expect(page).ToHaveURLAsync(new Regex($"/signatures\\?q={run}&tier=C$"));
        await page.ReloadAsync();
        await AdminFixture.WaitInteractiveAsync(page);
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync($"exp_{run}_c");

        download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-csv]"));
        row = Assert.Single(Csv.Records(await File.ReadAllTextAsync((await download.PathAsync())!)));
        Assert.Equal($"'=cmd-{run}.example.net", row["host"]);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Review_export_as_ndjson_follows_the_status_and_date_filters_in_the_url()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        long open, dismissed;
        await using (var pg = await fixture.PostgresAsync())
        {
            await Seed.SignatureAsync(pg, $"rx_{run}_1", "B", $"a-{run}.example.com", "needs_review");
            await Seed.SignatureAsync(pg, $"rx_{run}_2", "B", $"b-{run}.example.com", "needs_review");
            open = await Seed.ReviewItemAsync(pg, $"rx_{run}_1", "B");
            dismissed = await Seed.ReviewItemAsync(pg, $"rx_{run}_2", "B");
            await Seed.ExecAsync(pg, "UPDATE review_items SET status = 'dismissed', acted_by = 'someone', acted_at = now() WHERE id = $1", dismissed);
        }
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await fixture.SignedInPageAsync($"review?status=all&q={run}&from={today}&to={today}");
        await Expect(page.Locator("[data-testid=review-grid] tbody tr")).ToHaveCountAsync(2);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-ndjson]"));
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([open, dismissed], lines.Select(l => l.GetProperty("id").GetInt64()).Order());

        // Back to the default (open only): the export follows.
        await page.GotoAsync($"review?q={run}");
        await AdminFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=review-grid] tbody tr")).ToHaveCountAsync(1);
        download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-ndjson]"));
        var only = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync((await download.PathAsync())!))).RootElement;
        Assert.Equal(open, only.GetProperty("id").GetInt64());
        Assert.Equal($"a-{run}.example.com", only.GetProperty("host").GetString());
        await page.CloseAsync();
    }

    internal static async Task PickAsync(IPage page, string select, string option)
    {
        await page.Locator(select).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = option }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
