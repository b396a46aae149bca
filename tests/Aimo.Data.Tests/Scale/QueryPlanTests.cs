using Aimo.Data.Export;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;
using Aimo.Data.Queue;
using Aimo.Core.Budget;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Data.Tests.Scale;

[CollectionDefinition(Name)]
public sealed class VolumeCollection : ICollectionFixture<VolumeFixture>
{
    public const string Name = "volume";
}

/// <summary>
/// The plans PostgreSQL picks for the pages' and routes' own queries on a seeded year-shaped table: each reads through
/// an index, none scans a whole large table or computes a window over every classification (what made a year's data slow).
/// </summary>
[Collection(VolumeCollection.Name)]
public sealed class QueryPlanTests(VolumeFixture volume)
{
    private static readonly string[] LargeTables = ["signatures", "classifications", "batches", "batch_items", "review_items"];

    private async Task<IReadOnlyList<(string Sql, string Plan)>> PlansOf(Func<Task> run)
    {
        volume.Recorder.Clear();
        await run();
        return volume.Recorder.Plans;
    }

    private static void NoFullScans(IEnumerable<(string Sql, string Plan)> plans)
    {
        foreach (var (sql, plan) in plans)
        {
            Assert.False(plan.Contains("WindowAgg", StringComparison.Ordinal), $"a window over a whole table:\n{sql}\n{plan}");
            foreach (var table in LargeTables)
            {
                Assert.False(FullScan(plan, table), $"a scan of all of {table}:\n{sql}\n{plan}");
            }
        }
    }

    /// <summary>
    /// A sequential scan reads the whole table unless a Limit above it stops it early and it filters nothing out
    /// (a capped count reads its first rows and stops).
    /// </summary>
    private static bool FullScan(string plan, string table)
    {
        var lines = plan.Split('\n');
        // An index read with no condition on the classifications, e.g. the inner side of a merge join, reads all of it.
        for (var i = 0; table == "classifications" && i < lines.Length; i++)
        {
            if (lines[i].Contains("Scan using", StringComparison.Ordinal) && lines[i].Contains($" on {table} ", StringComparison.Ordinal)
                && !(i + 1 < lines.Length && lines[i + 1].Contains("Index Cond:", StringComparison.Ordinal))) return true;
        }
        var scan = Array.FindIndex(lines, l => l.Contains($"Seq Scan on {table} ", StringComparison.Ordinal));
        if (scan < 0) return false;
        var limited = lines.Take(scan).Any(l => l.Contains("Limit", StringComparison.Ordinal));
        var filtered = scan + 1 < lines.Length && lines[scan + 1].TrimStart().StartsWith("Filter:", StringComparison.Ordinal);
        return !limited || filtered;
    }

    [Fact]
    public async Task The_signatures_page_reads_the_newest_rows_through_an_index()
    {
        var plans = await PlansOf(() => new SignatureSearchQueries(volume.Contexts).SearchAsync(new PageRequest(0, 25), new SignatureFilter()));
        NoFullScans(plans);
        var page = plans.Single(p => p.Sql.Contains("ORDER BY", StringComparison.Ordinal)).Plan;
        Assert.Contains("ix_signatures_updated_at_id", page);
    }

    [Fact]
    public async Task Free_text_search_uses_the_trigram_indexes()
    {
        // "h12" names the hosts of 550 signatures (h12, h120-h129): more than a page, so the total is counted. At 30,000 rows a scan
        // costs less than three index reads; at 2,000,000 it does not (bench/Aimo.VolumeBench): so eligibility is asserted.
        volume.Recorder.IndexEligibility = true;
        try
        {
            var plans = await PlansOf(() => new SignatureSearchQueries(volume.Contexts).SearchAsync(new PageRequest(0, 25), new SignatureFilter("h12")));
            NoFullScans(plans);
            // The count reads the matches through the trigram index; the page may instead walk the newest rows and stop at 25.
            var count = plans.Single(p => p.Sql.Contains("count(*)", StringComparison.Ordinal)).Plan;
            Assert.Contains("ix_signatures_search_trgm", count);
        }
        finally
        {
            volume.Recorder.IndexEligibility = false;
        }
    }

    [Fact]
    public async Task A_full_signatures_export_reads_each_page_through_indexes()
    {
        var clock = BudgetSettings.Default.Clock(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var request = ExportRequest.Parse("signatures", new Dictionary<string, string?>(), clock, out _)!;
        long rows = 0;
        var plans = await PlansOf(async () => rows = await new ExportWriter(volume.Contexts).WriteAsync(request, Stream.Null));
        Assert.Equal(VolumeFixture.Signatures, rows);
        // The first page reads both indexes from their start and stops at 1,000 rows; every later page starts at its cursor.
        Assert.Equal(VolumeFixture.Signatures / ExportWriter.PageSize + 1, plans.Count);
        NoFullScans(plans.Skip(1));
    }

    [Fact]
    public async Task Batch_detail_status_history_review_and_throughput_read_through_their_indexes()
    {
        var plans = await PlansOf(async () =>
        {
            var batch = await new BatchQueries(volume.Contexts).GetAsync(VolumeSeed.BatchId(700));
            Assert.Equal(VolumeSeed.BatchSize, batch!.Items.Count);
            var status = await new SignatureQueries(volume.Contexts, new SignatureQueue(volume.Redis.Redis)).GetStatusAsync(VolumeSeed.SignatureId(25));
            Assert.Equal(2, status!.Classification!.SignatureVersion);
            await new ThroughputQueries(volume.Contexts, new SignatureQueue(volume.Redis.Redis), TimeProvider.System).GetAsync();
            await new SignatureSearchQueries(volume.Contexts).HistoryAsync(VolumeSeed.SignatureId(25));
            await new ReviewGridQueries(volume.Contexts).ListAsync(new PageRequest(0, 25), new ReviewFilter());
        });
        // Totals aside: the review grid's capped count reads open items until the cap, and here they all are open.
        NoFullScans(plans.Where(p => !p.Sql.Contains("count(*)", StringComparison.Ordinal)));
        // A lookup by id reads the primary key: a trigram index answers `=` too, thousands of times slower at 2M rows.
        Assert.All(plans, p => Assert.DoesNotContain("_trgm", p.Plan));
    }

    [Fact]
    public async Task Grid_totals_stop_counting_at_the_cap_and_say_there_are_more()
    {
        var signatures = new SignatureSearchQueries(volume.Contexts);
        var all = await signatures.SearchAsync(new PageRequest(0, 25), new SignatureFilter());
        Assert.Equal((CappedCount.Cap, true), (all.TotalCount, all.More));
        Assert.Equal(25, all.Items.Count);
        // Below the cap the total is exact: 1% of the seeded signatures wait in review.
        var review = await signatures.SearchAsync(new PageRequest(0, 25), new SignatureFilter(Status: "needs_review"));
        Assert.Equal((VolumeFixture.Signatures / 100, false), (review.TotalCount, review.More));

        var batches = await new BatchGridQueries(volume.Contexts).ListAsync(new PageRequest(0, 25), new BatchFilter());
        Assert.Equal((VolumeFixture.Signatures / VolumeSeed.BatchSize, false), (batches.TotalCount, batches.More));
        var open = await new ReviewGridQueries(volume.Contexts).ListAsync(new PageRequest(0, 25), new ReviewFilter());
        Assert.Equal((VolumeFixture.Signatures / 100, false), (open.TotalCount, open.More));
    }
}
