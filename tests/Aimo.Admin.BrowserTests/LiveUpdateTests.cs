using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

/// <summary>Open pages follow what the workers and other operators do, by push (Redis pub/sub → the circuit), without a reload.</summary>
[Collection(AdminCollection.Name)]
public sealed class LiveUpdateTests(AdminFixture fixture)
{
    [Fact]
    public async Task The_batches_page_shows_new_batches_and_the_review_page_new_and_handled_items_without_a_reload()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var batches = await fixture.SignedInPageAsync("batches");
        var caption = batches.Locator(".mud-table-pagination-caption").Last;
        await Expect(caption).ToContainTextAsync(" of ");
        var before = Total(await caption.TextContentAsync());
        await MarkAsync(batches);

        // The LLM answers this signature's batch with invalid JSON twice (the answer and the re-ask): it goes to needs_review.
        using (var sim = fixture.Stack.App.CreateHttpClient(ResourceNames.LlmSimulator))
        {
            using var forced = await sim.PostAsJsonAsync("/sim/faults/next", new { fault = "invalid_json", count = 2, match = $"bad-{run}.example.org" });
            forced.EnsureSuccessStatusCode();
        }
        var review = await fixture.SignedInPageAsync($"review?q={run}");
        await Expect(review.Locator("[data-testid=review-empty]")).ToBeVisibleAsync();
        await MarkAsync(review);

        var ids = await IngestAsync(new { tier = "A", host = $"bad-{run}.example.org", pathTemplate = "/v1/y", samples = new[] { "GET /v1/y" } });

        await Expect(caption).Not.ToContainTextAsync($" of {before}", new() { Timeout = 60_000 });
        Assert.True(Total(await caption.TextContentAsync()) > before);
        await AssertNotReloadedAsync(batches);

        var row = review.Locator("[data-testid=review-grid] tbody tr", new() { HasTextString = $"bad-{run}.example.org" });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await AssertNotReloadedAsync(review);
        await AdminFixture.ScreenshotAsync(review, "review_live");

        // Another operator (here: a script through the API) dismisses it: it leaves the open queue on this page too.
        var item = (await fixture.Api.GetFromJsonAsync<JsonElement>("/api/review?status=open&limit=500")).EnumerateArray()
            .Single(r => r.GetProperty("signatureId").GetString() == ids[0]);
        using (var dismissed = await fixture.Api.PostAsync($"/api/review/{item.GetProperty("id").GetInt64()}/dismiss", null))
        {
            dismissed.EnsureSuccessStatusCode();
        }
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await AssertNotReloadedAsync(review);
        await batches.CloseAsync();
        await review.CloseAsync();
    }

    private async Task<List<string>> IngestAsync(params object[] signatures)
    {
        using var response = await fixture.Ingest.PostAsJsonAsync("/api/signatures", new { signatures });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>A value only this page load has: a reload (or a navigation) would lose it.</summary>
    private static Task MarkAsync(IPage page) => page.EvaluateAsync("() => { window.__aimoNotReloaded = true; }");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__aimoNotReloaded === true"), "the page was reloaded");

    private static int Total(string? caption) => int.Parse(caption!.Split(" of ")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
