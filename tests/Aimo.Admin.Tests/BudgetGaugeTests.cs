using Aimo.Admin.Components.Pages.Overview;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Budget;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Admin.Tests;

public sealed class BudgetGaugeTests : MudTestContext
{
    private static readonly DateTimeOffset DayStart = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    private IRenderedComponent<BudgetGauge> Render(decimal budget, decimal spent, decimal reserved, DateTimeOffset now) =>
        Render<BudgetGauge>(p => p
            .Add(g => g.Budget, View(budget, spent, reserved, now))
            .Add(g => g.DayStart, DayStart)
            .Add(g => g.DayEnd, DayStart.AddDays(1))
            .Add(g => g.Now, now));

    private static BudgetView View(decimal budget, decimal spent, decimal reserved, DateTimeOffset now)
    {
        var settings = BudgetSettings.Default with { DailyBudgetUsd = budget };
        var counters = new BudgetCounters(Micros.FromCostUsd(spent), Micros.FromCostUsd(reserved), 0,
            new Dictionary<Tier, long> { [Tier.A] = Micros.FromCostUsd(spent) });
        return BudgetView.Create(settings, settings.Clock(new FakeTimeProvider(now)), counters, new QueueDepths(0, 0, 0));
    }

    [Fact]
    public void Shows_spent_reserved_remaining_and_the_soft_limit_mark()
    {
        var cut = Render(5m, 1.5m, 0.5m, DayStart.AddHours(6));

        Assert.Equal("$1.50", cut.Find("[data-testid=budget-spent]").TextContent);
        Assert.Equal("$0.50", cut.Find("[data-testid=budget-reserved]").TextContent);
        Assert.Equal("$3.00", cut.Find("[data-testid=budget-remaining]").TextContent);
        Assert.Equal("Open", cut.Find("[data-testid=budget-state]").TextContent.Trim());
        Assert.Contains("left:90%", cut.Find(".aimo-gauge-soft").GetAttribute("style"));
        Assert.Contains("width:30%", cut.Find(".aimo-gauge-spent").GetAttribute("style"));
        Assert.Contains("soft limit $4.50 (90%)", cut.Markup);
    }

    [Fact]
    public void Projects_when_the_soft_limit_is_hit_at_the_current_burn_rate()
    {
        // $2 committed in 4 h → $0.50/h; $2.50 to the $4.50 soft limit → 5 h.
        var cut = Render(5m, 1.5m, 0.5m, DayStart.AddHours(4));
        Assert.Equal("Soft limit in 5 h 0 min at $0.50/h", cut.Find("[data-testid=budget-projection]").TextContent);
    }

    [Fact]
    public void Over_budget_clamps_the_bar_and_shows_nothing_remaining()
    {
        var cut = Render(5m, 6m, 1m, DayStart.AddHours(20));
        Assert.Equal("$0.00", cut.Find("[data-testid=budget-remaining]").TextContent);
        Assert.Contains("width:100%", cut.Find(".aimo-gauge-spent").GetAttribute("style"));
        Assert.Contains("width:0%", cut.Find(".aimo-gauge-reserved").GetAttribute("style"));
        Assert.Equal("Exhausted", cut.Find("[data-testid=budget-state]").TextContent.Trim());
        Assert.StartsWith("Soft limit reached", cut.Find("[data-testid=budget-projection]").TextContent);
        Assert.Contains("$1.00 over today's budget", cut.Find("[data-testid=budget-overspend]").TextContent);
    }

    [Fact]
    public void Within_the_budget_no_overspend_is_shown()
    {
        var cut = Render(5m, 4.9m, 0.5m, DayStart.AddHours(20));
        Assert.Empty(cut.FindAll("[data-testid=budget-overspend]"));
    }
}
