using Aimo.AppHost.Tests.Worker;
using Aimo.Core;
using Xunit.Abstractions;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Issue #20's proof, in the spirit of Jepsen: the whole stack (two worker replicas) under random schedules of faults
/// drawn from a printed seed, every client answer recorded, the history checked at the end. CI runs 3 short schedules;
/// <c>AIMO_LONG_TESTS=1</c> runs 24 long ones (over 5,000 signatures); <c>AIMO_FAULT_SEED=n</c> replays seed n.
/// </summary>
public sealed class FaultCheckerStackTests(ITestOutputHelper output) : DedicatedStackTests(FaultCheckerStack.Settings)
{
    [Fact]
    public async Task Random_schedules_of_faults_never_break_delivery_versions_or_budget_guarantees()
    {
        using var log = new CheckerLog(output);
        var seed = FaultSeed.Draw();
        var size = LongTests.Pick(ScheduleSize.Ci, ScheduleSize.Long);
        var count = FaultSeed.Schedules(LongTests.Pick(3, 24));
        log.Line($"fault checker: seed {seed}, {count} schedule(s) of size {size.Name} (seeds {seed}..{seed + count - 1}); log {log.FilePath}");

        IReadOnlyList<string> instances;
        using (var find = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            instances = [.. (await Stack.InstancesAsync(ResourceNames.Worker, FaultCheckerStack.Replicas, find.Token)).Order(StringComparer.Ordinal)];
        }
        await H.WaitForWorkersAsync(FaultCheckerStack.Replicas, TimeSpan.FromSeconds(60));
        using var admin = await RedisFaults.ConnectAsync(Stack);
        // The checker stack asks the AppHost to allow DEBUG (DEBUG SLEEP is one of the faults); refused, it would fail every schedule.
        await admin.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "0");
        var workers = new WorkerFaults(Stack, instances);
        await using var workerLogs = new WorkerLogs(Stack, instances);
        var runner = new ScheduleRunner(Stack, H.Redis.GetDatabase(), H.Db, H.Sim, workers, new RedisFaults(Stack, admin), new PostgresFaults(Stack),
            workerLogs, log.Line);

        var outcomes = new List<ScheduleOutcome>();
        for (var i = 0; i < count; i++)
        {
            outcomes.Add(await runner.RunAsync(ScheduleGenerator.Generate(seed + i, size)));
        }

        log.Line(RunReport.Figures(outcomes));
        var failed = outcomes.Any(o => o.Violations.Count > 0 || o.Problems.Count > 0);
        Assert.False(failed, $"log {log.FilePath}\n{RunReport.Failure(outcomes, FaultSeed.ReplayCommand)}");
    }
}
