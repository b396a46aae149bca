using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>The schedule is a pure function of (seed, size), and every schedule it draws is one the runner can play.</summary>
public sealed class ScheduleGeneratorTests
{
    private static readonly int[] Seeds = [.. Enumerable.Range(1, 300)];

    [Theory]
    [InlineData(1)]
    [InlineData(424242)]
    [InlineData(999_999_937)]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another(int seed)
    {
        foreach (var size in new[] { ScheduleSize.Ci, ScheduleSize.Long })
        {
            var first = ScheduleGenerator.Generate(seed, size);
            var again = ScheduleGenerator.Generate(seed, size);
            Assert.Equal(first.Describe(), again.Describe());
            Assert.Equal(first.Budget, again.Budget);
            Assert.Equal(first.Faults, again.Faults);
            Assert.Equal(first.Steps.SelectMany(s => s.Items), again.Steps.SelectMany(s => s.Items));
            Assert.NotEqual(first.Describe(), ScheduleGenerator.Generate(seed + 1, size).Describe());
        }
    }

    [Fact]
    public void New_ids_are_numbered_once_in_order_and_later_steps_only_touch_ids_sent_before()
    {
        foreach (var seed in Seeds)
        {
            var schedule = ScheduleGenerator.Generate(seed, ScheduleSize.Ci);
            Assert.Equal(ScheduleSize.Ci.NewSignatures, schedule.Signatures);
            Assert.Equal(StepKind.New, schedule.Steps[0].Kind);
            Assert.True(schedule.Steps.Zip(schedule.Steps.Skip(1)).All(p => p.First.At <= p.Second.At), $"seed {seed}: steps out of order");
            var current = new Dictionary<int, SignatureSpec>();
            foreach (var step in schedule.Steps)
            {
                foreach (var item in step.Items)
                {
                    if (step.Kind == StepKind.New)
                    {
                        Assert.Equal(current.Count, item.Index);
                        Assert.Equal(0, item.Revision);
                    }
                    else
                    {
                        Assert.True(current.TryGetValue(item.Index, out var was), $"seed {seed}: {step.Kind} of #{item.Index} before it was sent");
                        var expected = step.Kind switch
                        {
                            StepKind.NewVersion => was with { Revision = was.Revision + 1 },
                            StepKind.Retier => was.Tier == Tier.C ? was with { Tier = Tier.A } : null,
                            _ => was,
                        };
                        Assert.Equal(expected, item);
                    }
                    current[item.Index] = item;
                }
                Assert.Equal(step.Items.Count, step.Items.Select(i => i.Index).Distinct().Count());
            }
        }
    }

    [Fact]
    public void Faults_never_overlap_in_one_lane_end_within_the_workload_and_force_failures_on_ids_sent_later()
    {
        foreach (var seed in Seeds)
        {
            var schedule = ScheduleGenerator.Generate(seed, ScheduleSize.Ci);
            Assert.All(schedule.Faults, f => Assert.True(f.At > TimeSpan.Zero && f.End < schedule.Size.Duration, $"seed {seed}: {f}"));
            foreach (var lane in schedule.Faults.GroupBy(Lane))
            {
                var ordered = lane.OrderBy(f => f.At).ToList();
                Assert.True(ordered.Zip(ordered.Skip(1)).All(p => p.First.End < p.Second.At), $"seed {seed}: overlapping faults in lane {lane.Key}");
            }
            foreach (var forced in schedule.Faults.Where(f => f.Kind == FaultKind.LlmForcedFailure))
            {
                var firstSent = schedule.Steps.First(s => s.Items.Any(i => i.Index == forced.Target));
                Assert.True(firstSent.Kind == StepKind.New && firstSent.At > forced.At, $"seed {seed}: forced failure of #{forced.Target} after it was sent");
            }
            Assert.All(schedule.Faults.Where(f => f.Kind == FaultKind.WorkerPause),
                f => Assert.True(f.Duration > TimeSpan.Parse(FaultCheckerStack.HeartbeatTimeout, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Every_kind_of_fault_and_step_is_drawn_by_some_seed()
    {
        var schedules = Seeds.Take(50).Select(seed => ScheduleGenerator.Generate(seed, ScheduleSize.Ci)).ToList();
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), schedules.SelectMany(s => s.Faults).Select(f => f.Kind).Distinct().Order());
        Assert.Equal(Enum.GetValues<StepKind>().Order(), schedules.SelectMany(s => s.Steps).Select(s => s.Kind).Distinct().Order());
        Assert.Contains(schedules, s => s.Budget.RaiseAt is null);
        Assert.Contains(schedules, s => s.Budget.RaiseAt is not null);
    }

    private static string Lane(FaultStep fault) => fault.Kind switch
    {
        FaultKind.WorkerKill or FaultKind.WorkerPause => $"worker{fault.Target}",
        FaultKind.PostgresKill => "postgres",
        FaultKind.LlmFaults or FaultKind.LlmForcedFailure => "llm",
        _ => "redis",
    };
}
