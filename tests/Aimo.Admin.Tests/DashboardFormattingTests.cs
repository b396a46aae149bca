using Aimo.Admin.Formatting;
using Aimo.Admin.Components.Pages.Batches;
using Aimo.Admin.Components.Pages.Costs;
using Aimo.Admin.Components.Pages.Review;
using Aimo.Admin.Components.Pages.Signatures;
using Aimo.Core.Budget;
using Aimo.Data.Queries.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Admin.Tests;

public sealed class DashboardFormattingTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Hour_labels_are_local_and_thinned_to_a_dozen()
    {
        var from = new DateTimeOffset(2026, 11, 28, 23, 0, 0, TimeSpan.Zero);
        var labels = ChartLabels.For(TimeBuckets.Hours(from, from.AddHours(48), Berlin));
        Assert.Equal(48, labels.Length);
        Assert.Equal("11-29 00:00", labels[0]);
        Assert.True(labels.Count(l => l.Length > 0) <= ChartLabels.MaxLabels);
    }

    [Fact]
    public void Cost_breakdown_has_every_bucket_with_zeros_and_the_biggest_spender_first()
    {
        var cells = new List<CostCell>
        {
            new(0, "gpt-4o-mini", "A", 0.10m, 0m, 2, 0),
            new(3, "gpt-4o-mini", "C", 0.05m, 0m, 1, 0),
            new(3, "gpt-4o", "A", 0.90m, 0m, 1, 1),
        };
        var byModel = CostBreakdown.From(cells, 4, CostGroup.Model);
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], byModel.Groups);
        Assert.Equal(4, byModel.PerBucket.Length);
        Assert.Equal(0m, byModel.BucketTotal(1));
        Assert.Equal(0.95m, byModel.BucketTotal(3));
        Assert.Equal(1.05m, byModel.Total);
        Assert.Equal(1, byModel.UnpricedBatches);

        var byTier = CostBreakdown.From(cells, 4, CostGroup.Tier);
        Assert.Equal(["A", "C"], byTier.Groups);
        Assert.Equal([1.00m, 0.05m], byTier.GroupTotals);
    }

    [Fact]
    public void Cost_breakdown_by_path_splits_each_cell_into_synchronous_and_batch_api_spend()
    {
        var cells = new List<CostCell>
        {
            new(0, "gpt-4o-mini", "A", 0.10m, 0m, 2, 0),
            // A job's line answered at the batch price (0.03) and one re-ask paid synchronously (0.01).
            new(1, "gpt-4o-mini", "C", 0.04m, 0.03m, 1, 0),
            new(1, "gpt-4o", "C", 0.02m, 0.02m, 1, 0),
        };
        var byPath = CostBreakdown.From(cells, 2, CostGroup.Path);
        Assert.Equal([CostBreakdown.Synchronous, CostBreakdown.BatchApi], byPath.Groups);
        Assert.Equal([0.11m, 0.05m], byPath.GroupTotals);
        Assert.Equal([0.01m, 0.05m], byPath.PerBucket[1]);
        Assert.Equal(0.16m, byPath.Total);

        var syncOnly = CostBreakdown.From([cells[0]], 2, CostGroup.Path);
        Assert.Equal([CostBreakdown.Synchronous], syncOnly.Groups);
        Assert.Equal(CostGroup.Path, CostQuery.Parse(null, null, null, "path").Group);
        Assert.Equal("costs?group=path", new CostQuery(Group: CostGroup.Path).Url);
    }

    [Fact]
    public void A_hand_edited_url_spanning_a_century_shows_the_most_recent_days_of_the_limit()
    {
        var from = "1926-01-01";
        var to = "2026-01-01";
        var expected = new DateOnly(2026, 1, 1).AddDays(1 - Aimo.Data.Queries.DateRange.MaxDays);
        Assert.Equal(expected, CostQuery.Parse(from, to, null, null).From);
        Assert.Equal(expected, BatchQuery.Parse(null, null, from, to, null).From);
        Assert.Equal(expected, ReviewQuery.Parse(null, null, null, null, from, to).From);
        Assert.Equal(expected, SignatureQuery.Parse(null, null, null, null, null, from, to).From);
        Assert.Equal(new DateOnly(2026, 1, 1), CostQuery.Parse(from, to, null, null).To);
    }

    [Fact]
    public void Page_urls_round_trip_their_filters_and_leave_defaults_out()
    {
        var batches = BatchQuery.Parse("failed", "A", "2026-11-01", "2026-11-02", "6");
        Assert.Equal("batches?status=failed&tier=A&from=2026-11-01&to=2026-11-02&window=6", batches.Url);
        Assert.Equal("batches", new BatchQuery().Url);
        // A hand-edited URL with nonsense shows the default view rather than failing the page.
        Assert.Equal(new BatchQuery(), BatchQuery.Parse("exploded", "Z", "yesterday", "2026-13-45", "abc"));

        var review = ReviewQuery.Parse(null, "poison", null, "a b&c", null, null);
        Assert.Equal("review?reason=poison&q=a%20b%26c", review.Url);
        Assert.Equal("open", review.Status);
        var anyStatus = ReviewQuery.Parse("all", null, null, null, null, null);
        Assert.Null(anyStatus.Status);
        Assert.Equal("review?status=all", anyStatus.Url);

        var signatures = SignatureQuery.Parse("openai", "ai_service", "bogus", null, "B", null, null);
        Assert.Null(signatures.Risk);
        Assert.Equal("signatures?q=openai&category=ai_service&tier=B", signatures.Url);
    }

    [Fact]
    public void Page_days_become_the_same_instants_the_export_uses()
    {
        var clock = new BudgetClock(new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)), "Europe/Berlin");
        var filter = BatchQuery.Parse(null, null, "2026-07-01", "2026-07-01", null).ToFilter(clock);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 22, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Theory]
    [InlineData(1_500_000, "1.5M")]
    [InlineData(12_345, "12.3k")]
    [InlineData(0.25, "0.25")]
    public void Axis_numbers_are_compact(double value, string text) => Assert.Equal(text, ChartAxis.Compact(value));
}
