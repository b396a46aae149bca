using System.Diagnostics;
using Aimo.Core.Budget;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.FaultChecker;

public sealed record ScheduleOutcome(Schedule Schedule, ScheduleFigures Figures, IReadOnlyList<Violation> Violations, IReadOnlyList<string> Problems);

/// <summary>
/// Runs one schedule on a running stack: workload, polls and faults together; then heal (clear faults, raise the
/// budget, every process running), wait until every accepted id is done and the budget is quiet, read the end state and
/// check the history against it. Budget checks compare deltas: llm-sim's stats are reset at the start, Redis and
/// PostgreSQL are read before and after.
/// </summary>
public sealed class ScheduleRunner(AimoStack stack, IDatabase redis, NpgsqlDataSource db, HttpClient sim, WorkerFaults workers,
    RedisFaults redisFaults, PostgresFaults postgresFaults, WorkerLogs workerLogs, Action<string> log)
{
    /// <summary>A healed stack finishes in seconds; an id still open after this will not finish by waiting (the report says where it is stuck).</summary>
    public static readonly TimeSpan DoneTimeout = TimeSpan.FromMinutes(2);
    /// <summary>The checker stack's reservation lease plus a sweep: by then no reservation may be left.</summary>
    public static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(45);

    public async Task<ScheduleOutcome> RunAsync(Schedule schedule)
    {
        var ids = WorkloadIds.New();
        log($"--- {schedule.Describe()}    ids: {ids.Prefix}<n>");
        using var ingest = Client(stack.CreateIngestClient());
        using var operatorApi = Client(stack.CreateOperatorClient());
        var readings = new StackReadings(redis, db, sim, ingest);
        var llm = new LlmFaults(sim, ids);
        (await sim.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();
        await llm.BaselineAsync();
        var day = StackReadings.Today;
        var before = await readings.CountersAsync(day);
        await OperatorBudget.SetAsync(operatorApi, Micros.ToUsd(before.Spent + schedule.Budget.HeadroomMicros) / OperatorBudget.SoftLimitFraction);

        var history = new History();
        var workload = new WorkloadRunner(ingest, history, ids);
        var injector = new FaultInjector(stack, workers, redisFaults, postgresFaults, llm, history);
        var pausesBefore = workers.Pauses.Count;
        using var stopPolls = new CancellationTokenSource();
        using var bound = new CancellationTokenSource(schedule.Size.Duration + TimeSpan.FromMinutes(3));
        var polls = Task.Run(() => new StatusPoller(ingest, history, () => workload.Sent).RunAsync(stopPolls.Token));
        var faults = injector.RunAsync(schedule, bound.Token);
        var raise = OperatorBudget.RaiseAtAsync(operatorApi, schedule.Budget.RaiseAt, history, bound.Token);
        try
        {
            await workload.RunAsync(schedule.Steps, bound.Token);
            await faults;
            await raise;
        }
        finally
        {
            await injector.HealAsync();
        }
        var runTime = history.Now;
        await OperatorBudget.SetAsync(operatorApi, OperatorBudget.RaisedUsd);
        var expected = History.LatestAccepted(history.Ingests);
        await WaitAsync(async () =>
        {
            var rows = await readings.RowsAsync(ids.Prefix);
            return expected.All(e => rows.TryGetValue(e.Key, out var row) && row.Version >= e.Value && row.Status is "classified" or "needs_review");
        }, DoneTimeout);
        await stopPolls.CancelAsync();
        await polls;
        await WaitAsync(async () =>
        {
            var now = await readings.CountersAsync(day);
            return now.Leases == 0 && now.Reserved == 0 && (await readings.SimCallsAsync()).All(c => c.EndedAt is not null);
        }, QuietTimeout);
        var healTime = history.Now - runTime;

        var after = await readings.CountersAsync(day);
        var spend = new SpendReadings(day, StackReadings.Today, before.Spent, after.Spent, after.Reserved, after.Leases, before.Converted,
            after.Converted, await readings.MirrorAsync(day), await readings.BilledUsdAsync(), await readings.SimCallsAsync(),
            [.. workers.Pauses.Skip(pausesBefore)]);
        var final = await readings.FinalStateAsync(expected.Keys.Order(StringComparer.Ordinal), ids.Prefix);
        List<Violation> violations = [.. DeliveryChecks.Check(history.Ingests, history.Polls, final), .. BudgetChecks.Check(spend, SpendModel.Worker)];

        foreach (var note in injector.Notes)
        {
            log($"    note: {note}");
        }
        var stuck = violations.Where(v => v.Kind == ViolationKind.NotFinished).Select(v => v.Detail[..v.Detail.IndexOf(':', StringComparison.Ordinal)]).ToList();
        foreach (var line in await StuckDiagnosis.DescribeAsync(redis, stuck))
        {
            log($"    stuck: {line}");
        }
        var wrong = violations.Where(v => v.Kind == ViolationKind.WrongVersion).Select(v => v.Detail[..v.Detail.IndexOf(':', StringComparison.Ordinal)])
            .Concat(final.DuplicateResults.Select(d => d.SignatureId)).Distinct().ToList();
        foreach (var line in await StuckDiagnosis.DescribeVersionsAsync(db, redis, wrong))
        {
            log($"    history of {line}");
        }
        var workerWarnings = workerLogs.TakeSummary();
        if (violations.Count > 0)
        {
            foreach (var line in workerWarnings.Take(25))
            {
                log($"    worker log: {line}");
            }
        }
        var figures = Figures(schedule, ids, history, injector, final, spend, runTime, healTime);
        log($"    {figures}");
        log($"    violations: {(violations.Count == 0 ? "none" : string.Join(", ", violations.GroupBy(v => v.Kind).Select(g => $"{g.Key}×{g.Count()}")))}");
        return new ScheduleOutcome(schedule, figures, violations, [.. injector.Problems]);
    }

    private static ScheduleFigures Figures(Schedule schedule, WorkloadIds ids, History history, FaultInjector injector, FinalState final,
        SpendReadings spend, TimeSpan run, TimeSpan heal) => new(
        schedule.Seed, ids.Tag, schedule.Signatures, history.Ingests.Count,
        history.Ingests.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count()),
        history.Ingests.Where(r => r.Accepted).Sum(r => r.Versions.Count(v => v is not null)),
        history.Polls.Count, history.Polls.Count(p => p.Status == "deferred"),
        new Dictionary<FaultKind, int>(injector.Injected),
        final.Signatures.Values.Count(s => s.Status == "classified"), final.Signatures.Values.Count(s => s.Status == "needs_review"),
        final.ReviewReasons.Values.SelectMany(r => r).GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        BudgetChecks.Measure(spend, SpendModel.Worker), spend.Day != spend.DayAfter, run, heal);

    /// <summary>Polls until true or the timeout; never fails: what did not happen shows up in the checks.</summary>
    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await done())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is RedisException or NpgsqlException or HttpRequestException or TimeoutException)
            {
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static HttpClient Client(HttpClient client)
    {
        client.Timeout = TimeSpan.FromSeconds(20);
        return client;
    }
}
