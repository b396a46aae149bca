using Aimo.Admin.Components.Pages.Overview;
using Aimo.Data.Llm;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Admin.Tests;

public sealed class ThroughputCardTests : MudTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static LlmStatusView Llm(bool paused = false, string? error = null, RateLimitSnapshot? limits = null) => new(
        paused ? "paused" : "ok", paused ? "outage" : null, paused ? Now.AddMinutes(-3) : null, error, error is null ? null : 503,
        error is null ? null : Now.AddMinutes(-1), paused ? 3 : 0, null, null, "aimo-sim-1", "aimo-sim-1", "table", 0.15m, 0.6m, limits);

    private IRenderedComponent<ThroughputCard> Render(ThroughputView view, LlmStatusView llm, int deferred = 0) =>
        Render<ThroughputCard>(p => p.Add(c => c.Throughput, view).Add(c => c.Llm, llm).Add(c => c.Deferred, deferred).Add(c => c.Now, Now));

    [Fact]
    public void Shows_rate_time_to_drain_and_age_of_the_oldest_entry_per_tier()
    {
        var view = new ThroughputView(TimeSpan.FromMinutes(10), 30, [
            new TierThroughput("A", 120, Now.AddMinutes(-2), 30),
            new TierThroughput("B", 0, null, 0),
            new TierThroughput("C", 50, Now.AddHours(-1), 0),
        ], WorkersAlive: 2);
        var cut = Render(view, Llm(), deferred: 50);

        Assert.Equal("4 min 0 s", cut.Find("[data-testid=drain-a]").TextContent);
        Assert.Equal("2 min 0 s", cut.Find("[data-testid=oldest-a]").TextContent);
        Assert.Equal("empty", cut.Find("[data-testid=drain-b]").TextContent);
        Assert.Equal("waits for budget", cut.Find("[data-testid=drain-c]").TextContent);
        Assert.Contains("2 workers alive", cut.Find("[data-testid=workers-alive]").TextContent);
        Assert.Contains("no limits known yet", cut.Find("[data-testid=rate-limit-use]").TextContent);
    }

    [Fact]
    public void Shows_how_often_calls_reached_their_output_cap_once_any_was_answered()
    {
        var view = new ThroughputView(TimeSpan.FromMinutes(10), 30, [new TierThroughput("A", 10, Now.AddMinutes(-1), 30)], 1);
        Assert.Empty(Render(view, Llm()).FindAll("[data-testid=output-cap-hits]"));

        var cut = Render(view, Llm() with { OutputCap = new OutputCapCounts(4_000, 12) });

        Assert.Equal("Output cap reached by 12 of 4,000 calls (0.3%); each was split and resent, nothing lost.",
            cut.Find("[data-testid=output-cap-hits]").TextContent);
    }

    [Fact]
    public void Rate_limit_use_shows_each_known_bucket_against_its_limit()
    {
        var view = new ThroughputView(TimeSpan.FromMinutes(10), 30, [new TierThroughput("A", 10, Now.AddMinutes(-1), 30)], 1);
        var cut = Render(view, Llm(limits: new RateLimitSnapshot(new RateLimitBucket(600, 150), new RateLimitBucket(2_000_000, 2_000_000))));

        Assert.Equal("Rate-limit use: requests 75% of 600/min, tokens 0% of 2,000,000/min.", cut.Find("[data-testid=rate-limit-use]").TextContent);
    }

    [Fact]
    public void A_paused_llm_says_so_with_its_last_error_and_the_queue_is_not_moving()
    {
        var view = new ThroughputView(TimeSpan.FromMinutes(10), 0, [new TierThroughput("A", 7, Now.AddMinutes(-5), 0)], 1);
        var cut = Render(view, Llm(paused: true, error: "HTTP 503: overloaded"));

        Assert.Contains("LLM paused", cut.Find("[data-testid=llm-state]").TextContent);
        Assert.Contains("last error: HTTP 503: overloaded", cut.Find("[data-testid=llm-health]").TextContent);
        Assert.Equal("paused", cut.Find("[data-testid=drain-a]").TextContent);
    }
}
