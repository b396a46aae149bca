using Aimo.Admin.Components.Pages.Overview;
using Aimo.Data.Llm;

namespace Aimo.Admin.Tests;

/// <summary>What the Overview says about the LLM: a pause with the provider's message, and a model priced by the fallback.</summary>
public sealed class LlmStatusBannerTests : MudTestContext
{
    private static readonly DateTimeOffset Since = new(2026, 11, 29, 9, 41, 0, TimeSpan.Zero);

    private static LlmStatusView Status(string state = "ok", string? reason = null, string? error = null, string priceSource = "table") =>
        new(state, reason, state == "paused" ? Since : null, error, 401, Since, 1, Since.AddSeconds(20), null,
            "my-deployment", null, priceSource, 2.5m, 10m);

    private IRenderedComponent<LlmStatusBanner> Render(LlmStatusView status) =>
        Render<LlmStatusBanner>(p => p.Add(b => b.Status, status));

    [Fact]
    public void A_paused_provider_shows_since_when_why_and_the_providers_message()
    {
        var cut = Render(Status("paused", "configuration", "HTTP 401 (invalid_api_key): Incorrect API key provided: sk-...abcd."));
        var banner = cut.Find("[data-testid=llm-paused]").TextContent;
        Assert.Contains("LLM unavailable since 2026-11-29 09:41", banner);
        Assert.Contains("refuses the configuration", banner);
        Assert.Contains("Incorrect API key provided", cut.Find("[data-testid=llm-last-error]").TextContent);
    }

    [Fact]
    public void A_healthy_priced_model_shows_nothing()
    {
        var cut = Render(Status());
        Assert.Empty(cut.FindAll("[data-testid=llm-paused]"));
        Assert.Empty(cut.FindAll("[data-testid=llm-unpriced]"));
    }

    [Fact]
    public void A_model_priced_by_the_fallback_is_flagged_with_its_price()
    {
        var text = Render(Status(priceSource: "fallback")).Find("[data-testid=llm-unpriced]").TextContent;
        Assert.Contains("my-deployment", text);
        Assert.Contains("fallback price", text);
        Assert.Contains("$2.5 / $10", text);
    }
}
