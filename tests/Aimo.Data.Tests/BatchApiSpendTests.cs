using Microsoft.EntityFrameworkCore;
using Aimo.Data.Entities;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Data.Tests;

/// <summary>What the Costs page, <c>/api/budget</c> and the Overview read about tier C's Batch API jobs.</summary>
[Collection(DataCollection.Name)]
public sealed class BatchApiSpendTests(DataFixture data)
{
    // A day no other test writes batches on.
    private static readonly DateTimeOffset Day = new(2031, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Spend_splits_into_synchronous_calls_and_batch_api_answers()
    {
        await using (var db = await data.Contexts.CreateDbContextAsync())
        {
            db.Batches.AddRange(
                Batch("A", 0.010m, batchApi: 0m, job: null),
                // A job line answered at the batch price (0.004) whose re-ask was paid synchronously (0.001).
                Batch("C", 0.005m, batchApi: 0.004m, job: Guid.NewGuid()),
                Batch("C", 0.002m, batchApi: 0.002m, job: Guid.NewGuid()),
                Batch("B", null, batchApi: 0m, job: null, estimated: 0.003m));
            await db.SaveChangesAsync();
        }
        var costs = new CostQueries(data.Contexts);

        var byPath = await costs.ByPathAsync(Day, Day.AddDays(1));

        // The unpriced batch counts at its estimate, never as $0, and on the synchronous side.
        Assert.Equal(new SpendByPath(0.014m, 0.006m), byPath);
        Assert.Equal(new SpendByPath(0m, 0m), await costs.ByPathAsync(Day.AddDays(1), Day.AddDays(2)));
        var cells = await costs.BreakdownAsync(TimeBuckets.For(Day, Day.AddDays(1), new Aimo.Core.Budget.BudgetClock(TimeProvider.System)));
        Assert.Equal(0.006m, cells.Sum(c => c.BatchApiUsd));
        Assert.Equal(0.020m, cells.Sum(c => c.CostUsd));
    }

    [Fact]
    public async Task Jobs_in_flight_count_open_jobs_and_are_due_a_completion_window_after_the_latest_submission()
    {
        await using var db = await data.Contexts.CreateDbContextAsync();
        db.BatchJobs.RemoveRange(db.BatchJobs);
        await db.SaveChangesAsync();
        var queries = new BatchJobQueries(data.Contexts);
        Assert.Equal(new JobsInFlight(0, 0, null, AnyJob: false), await queries.InFlightAsync());

        db.BatchJobs.AddRange(
            Job(BatchJobStates.Submitted, 40, submitted: Day.AddHours(1)),
            Job(BatchJobStates.Planned, 20, submitted: null, created: Day.AddHours(3)),
            Job(BatchJobStates.Completed, 100, submitted: Day.AddHours(5)));
        await db.SaveChangesAsync();

        Assert.Equal(new JobsInFlight(2, 60, Day.AddHours(3) + BatchJobQueries.CompletionWindow, AnyJob: true), await queries.InFlightAsync());

        await db.BatchJobs.Where(j => j.State != BatchJobStates.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, BatchJobStates.Returned));
        Assert.Equal(new JobsInFlight(0, 0, null, AnyJob: true), await queries.InFlightAsync());
    }

    private static BatchRecord Batch(string tier, decimal? actual, decimal batchApi, Guid? job, decimal estimated = 0.001m) => new()
    {
        Id = Guid.NewGuid(), Tier = tier, Model = "gpt-4o-mini", Status = BatchStatuses.Succeeded, CostUsdEstimated = estimated,
        CostUsdActual = actual, BatchApiCostUsd = batchApi, BatchJobId = job, StartedAt = Day.AddHours(2), FinishedAt = Day.AddHours(2),
    };

    private static BatchJobRecord Job(string state, int signatures, DateTimeOffset? submitted, DateTimeOffset? created = null) => new()
    {
        Id = Guid.NewGuid(), JobKey = Guid.NewGuid().ToString("N"), Model = "gpt-4o-mini", State = state, Lines = 1, Signatures = signatures,
        Carries = "[]", CreatedAt = created ?? Day, UpdatedAt = created ?? Day, SubmittedAt = submitted,
    };
}
