using System.Globalization;
using System.Net.Http.Json;
using Aimo.Data.Llm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

/// <summary>Charts that do not invent data between real points, and the overview's throughput and LLM health, live.</summary>
[Collection(AdminCollection.Name)]
public sealed class ChartAndHealthTests(AdminFixture fixture)
{
    [Fact]
    public async Task Hours_without_batches_are_zero_bars_and_gaps_never_a_line_across_them()
    {
        // A day of its own, far enough back that no other test has batches there: two batches 20 hours apart.
        var day = DateTime.UtcNow.Date.AddDays(-20 - Random.Shared.Next(0, 200));
        await using (var pg = await fixture.PostgresAsync())
        {
            await Seed.BatchAsync(pg, new DateTimeOffset(day.AddHours(2).AddMinutes(10), TimeSpan.Zero), latencyMs: 900, costUsd: 4m);
            await Seed.BatchAsync(pg, new DateTimeOffset(day.AddHours(22).AddMinutes(30), TimeSpan.Zero), latencyMs: 2400, costUsd: 1m);
        }
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = await fixture.SignedInPageAsync($"batches?from={date}&to={date}");
        await Expect(page.Locator("[data-testid=chart-range]")).ToContainTextAsync($"{date} 00:00 –");
        await Expect(page.Locator("[data-testid=chart-latency] svg")).ToBeVisibleAsync();

        var latency = await SvgAsync(page, "chart-latency");
        // Two points per series (p50, p95), each alone in its hour: markers, and not one line segment between hours.
        Assert.True(latency.LineSegments == 0, $"a line joins hours across the gap: {latency.Markup}");
        Assert.True(latency.Markers >= 4, $"the two real hours should show as points: {latency.Markup}");
        var cost = await SvgAsync(page, "chart-cost");
        Assert.True(cost.Bars == 24, $"expected one bar per hour, 22 of them zero: {cost.Markup}");
        Assert.True(cost.NonZeroBars == 2, $"only the two hours with batches have cost: {cost.Markup}");
        await Expect(page.Locator("[data-testid=batch-grid] tbody tr")).ToHaveCountAsync(2);
        await AdminFixture.ScreenshotAsync(page, "charts_gaps");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_overview_shows_queue_age_time_to_drain_and_a_paused_llm_with_its_error_as_they_change()
    {
        var page = await fixture.SignedInPageAsync("");
        await Expect(page.Locator("[data-testid=throughput]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=workers-alive]")).ToContainTextAsync("1 worker alive");
        await Expect(page.Locator("[data-testid=llm-state]")).ToContainTextAsync("LLM ok");

        using var redis = await fixture.Stack.ConnectRedisAsync();
        var db = redis.GetDatabase();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        const string error = "HTTP 503: the provider is overloaded (set by the dashboard test)";
        try
        {
            // What the workers write after an outage: reading stops, and no probe is due for a while.
            await db.HashSetAsync(LlmHealthHash.Key, [
                new(LlmHealthHash.StateField, LlmHealthHash.Paused), new(LlmHealthHash.ReasonField, LlmHealthHash.OutageReason),
                new(LlmHealthHash.SinceField, now), new(LlmHealthHash.ProbeAtField, now + 600_000),
                new(LlmHealthHash.LastErrorField, error), new(LlmHealthHash.LastStatusField, 503), new(LlmHealthHash.LastFailureAtField, now),
            ]);
            await Expect(page.Locator("[data-testid=llm-state]")).ToContainTextAsync("LLM paused", new() { Timeout = 30_000 });
            await Expect(page.Locator("[data-testid=llm-last-error]")).ToContainTextAsync(error);

            var run = Guid.NewGuid().ToString("N")[..8];
            var signatures = Enumerable.Range(0, 3).Select(i => new { tier = "B", host = $"q{i}-{run}.example.com", pathTemplate = "/x", samples = new[] { "GET /x" } });
            using (var response = await fixture.Ingest.PostAsJsonAsync("/api/signatures", new { signatures }))
            {
                response.EnsureSuccessStatusCode();
            }
            await Expect(page.Locator("[data-testid=queue-b]")).ToHaveTextAsync("3", new() { Timeout = 30_000 });
            await Expect(page.Locator("[data-testid=oldest-b]")).Not.ToHaveTextAsync("—");
            await Expect(page.Locator("[data-testid=drain-b]")).ToHaveTextAsync("paused");
            await AdminFixture.ScreenshotAsync(page, "throughput_paused");
        }
        finally
        {
            await db.HashSetAsync(LlmHealthHash.Key,
                [new(LlmHealthHash.StateField, LlmHealthHash.Ok), new(LlmHealthHash.ResumedAtField, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);
            await db.HashDeleteAsync(LlmHealthHash.Key, [LlmHealthHash.ProbeAtField, LlmHealthHash.ReasonField, LlmHealthHash.SinceField]);
        }

        // Resumed: the worker drains tier B, and the page follows without a reload.
        await Expect(page.Locator("[data-testid=llm-state]")).ToContainTextAsync("LLM ok", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=queue-b]")).ToHaveTextAsync("0", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=drain-b]")).ToHaveTextAsync("empty");
        await Expect(page.Locator("[data-testid=throughput-rate]")).Not.ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await AdminFixture.ScreenshotAsync(page, "throughput");
        await page.CloseAsync();
    }

    private sealed record Svg(int LineSegments, int Markers, int Bars, int NonZeroBars, string Markup);

    /// <summary>What a chart drew: line segments (L commands) of its line paths, data markers, and bars with and without height.</summary>
    private static async Task<Svg> SvgAsync(IPage page, string testId)
    {
        var result = await page.EvaluateAsync<Dictionary<string, object>>("""
            (id) => {
              const svg = document.querySelector(`[data-testid=${id}] svg`);
              const lines = [...svg.querySelectorAll('path.mud-chart-line')].map(p => p.getAttribute('d') || '');
              const segments = lines.reduce((n, d) => n + (d.match(/L/gi) || []).length + (d.match(/C/g) || []).length, 0);
              const markers = svg.querySelectorAll('circle').length;
              const bars = [...svg.querySelectorAll('path.mud-chart-bar, rect.mud-chart-bar')];
              const height = b => b.tagName === 'rect' ? Number(b.getAttribute('height')) : b.getBBox().height;
              return { segments, markers, bars: bars.length, nonZero: bars.filter(b => height(b) > 0.5).length, markup: svg.outerHTML.slice(0, 4000) };
            }
            """, testId);
        int Int(string key) => Convert.ToInt32(result[key], CultureInfo.InvariantCulture);
        return new Svg(Int("segments"), Int("markers"), Int("bars"), Int("nonZero"), result["markup"].ToString()!);
    }
}
