using Aimo.Admin.Components.Pages.BatchJobs;
using Aimo.Data.Queries;

namespace Aimo.Admin.Tests;

/// <summary>The Batch jobs page's table: each job's state, lines, age and cost.</summary>
public sealed class BatchJobTableTests : MudTestContext
{
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_job_shows_its_state_lines_age_and_cost_and_an_open_one_ages_until_now()
    {
        BatchJobSummary done = new(Guid.NewGuid(), "batch_1", "gpt-4o-mini", "completed", "completed", 12, 200, 11, 1, 0.0123m, 0.0061m,
            Created, Created.AddSeconds(2), Created.AddMinutes(90), null);
        BatchJobSummary open = done with { Id = Guid.NewGuid(), State = "submitted", ProviderStatus = "in_progress", FinishedAt = null, CostUsdActual = null };

        var cut = Render<BatchJobTable>(p => p.Add(t => t.Jobs, [done, open]).Add(t => t.Now, Created.AddMinutes(30)));

        var states = cut.FindAll("[data-testid=job-state]").Select(e => e.TextContent).ToList();
        Assert.Equal(2, states.Count);
        Assert.Contains("ompleted", states[0]);
        Assert.Equal("12 (11 / 1)", cut.FindAll("[data-testid=job-lines]")[0].TextContent.Trim());
        Assert.Equal(["1 h 30 min", "30 min 0 s"], cut.FindAll("[data-testid=job-age]").Select(e => e.TextContent.Trim()));
        Assert.Contains("0.0061", cut.FindAll("[data-testid=job-cost]")[0].TextContent);
        Assert.Equal("—", cut.FindAll("[data-testid=job-cost]")[1].TextContent.Trim());
    }
}
