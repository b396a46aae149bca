using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Draws a schedule from a seed: a pure function of (seed, size) — one <see cref="Random"/> seeded once, no clock, no
/// I/O — so a printed seed replays the same requests and faults (their timing on a busy machine will differ, as in
/// any Jepsen replay). Faults run in lanes (each worker replica, Redis, PostgreSQL, the LLM): never two at once in
/// one lane, freely overlapping across lanes.
/// </summary>
public static class ScheduleGenerator
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    public static Schedule Generate(int seed, ScheduleSize size)
    {
        var random = new Random(seed);
        var steps = Workload(random, size);
        var faults = new List<FaultStep>();
        var rounds = Math.Max(1, (int)Math.Round(size.Duration.TotalSeconds / 30));
        for (var replica = 0; replica < size.Replicas; replica++)
        {
            faults.AddRange(Lane(random, size, random.Next(0, 2 * rounds + 1), (r, at) => WorkerFault(r, at, replica)));
        }
        faults.AddRange(Lane(random, size, random.Next(1, 2 * rounds + 1), RedisFault));
        faults.AddRange(Lane(random, size, random.NextDouble() < 0.6 ? rounds : 0, (r, at) => new(at, FaultKind.PostgresKill, Between(r, 1, 4))));
        faults.AddRange(Lane(random, size, random.Next(1, 3 * rounds + 1), (r, at) => LlmFault(r, at, steps)));
        var budget = new BudgetPlan(random.Next(2, 16) * 1_000L,
            random.NextDouble() < 0.3 ? null : Round(size.Duration * (0.4 + (0.5 * random.NextDouble()))));
        // A forced failure needs a signature sent after it; drop the ones the lane placed after the last new id.
        faults.RemoveAll(f => f is { Kind: FaultKind.LlmForcedFailure, Target: < 0 });
        return new Schedule(seed, size, budget, steps, [.. faults.OrderBy(f => f.At).ThenBy(f => f.Kind)]);
    }

    private static List<WorkloadStep> Workload(Random random, ScheduleSize size)
    {
        var newSizes = new List<int>();
        for (var remaining = size.NewSignatures; remaining > 0; remaining -= newSizes[^1])
        {
            newSizes.Add(Math.Min(remaining, random.Next(1, 9)));
        }
        var kinds = Enumerable.Repeat(StepKind.New, newSizes.Count).Concat(Enumerable.Repeat(StepKind.NewVersion, newSizes.Count)).ToArray();
        random.Shuffle(kinds);
        var first = Array.IndexOf(kinds, StepKind.New);
        (kinds[0], kinds[first]) = (kinds[first], kinds[0]);
        var times = Enumerable.Range(0, kinds.Length)
            .Select(_ => Round(TimeSpan.FromSeconds(0.2) + ((size.Duration * 0.85) * random.NextDouble()))).Order().ToArray();

        var current = new List<(Tier Tier, int Revision)>();
        var steps = new List<WorkloadStep>();
        var nextNew = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == StepKind.New)
            {
                var items = Enumerable.Range(0, newSizes[nextNew++]).Select(_ =>
                {
                    current.Add((NewTier(random), 0));
                    return new SignatureSpec(current.Count - 1, current[^1].Tier, 0);
                }).ToList();
                steps.Add(new WorkloadStep(times[i], StepKind.New, items));
                continue;
            }
            var roll = random.NextDouble();
            var tierC = Enumerable.Range(0, current.Count).Where(x => current[x].Tier == Tier.C).ToList();
            var (kind, pool) = roll < 0.25 && tierC.Count > 0 ? (StepKind.Retier, tierC)
                : roll < 0.55 ? (StepKind.Duplicate, Enumerable.Range(0, current.Count).ToList())
                : (StepKind.NewVersion, Enumerable.Range(0, current.Count).ToList());
            var picks = pool.OrderBy(_ => random.Next()).Take(random.Next(1, 7)).Order().ToList();
            var changed = picks.Select(x =>
            {
                current[x] = kind switch
                {
                    StepKind.NewVersion => (current[x].Tier, current[x].Revision + 1),
                    StepKind.Retier => (Tier.A, current[x].Revision),
                    _ => current[x],
                };
                return new SignatureSpec(x, current[x].Tier, current[x].Revision);
            }).ToList();
            steps.Add(new WorkloadStep(times[i], kind, changed));
        }
        return steps;
    }

    private static Tier NewTier(Random random) => random.NextDouble() switch
    {
        < 0.35 => Tier.A,
        < 0.60 => Tier.B,
        _ => Tier.C,
    };

    /// <summary>Faults one after another in one lane, each starting a few seconds after the last ended, all within the workload.</summary>
    private static IEnumerable<FaultStep> Lane(Random random, ScheduleSize size, int count, Func<Random, TimeSpan, FaultStep> draw)
    {
        var cursor = Between(random, 2, 6);
        for (var i = 0; i < count; i++)
        {
            var fault = draw(random, cursor);
            if (fault.End > size.Duration - Margin)
            {
                yield break;
            }
            yield return fault;
            cursor = fault.End + Between(random, 3, 8);
        }
    }

    private static FaultStep WorkerFault(Random random, TimeSpan at, int replica) => random.NextDouble() < 0.5
        ? new(at, FaultKind.WorkerKill, Between(random, 0.5, 4), replica)
        // Longer than the checker stack's 3 s heartbeat timeout: the other replica takes the paused one's entries.
        : new(at, FaultKind.WorkerPause, Between(random, 4, 8), replica);

    private static FaultStep RedisFault(Random random, TimeSpan at) => random.Next(4) switch
    {
        0 => new(at, FaultKind.RedisKill, Between(random, 1, 4)),
        1 => new(at, FaultKind.RedisClientPause, Between(random, 0.5, 3)),
        2 => new(at, FaultKind.RedisClientKill, TimeSpan.Zero),
        _ => new(at, FaultKind.RedisDebugSleep, Between(random, 1, 3)),
    };

    /// <summary>A fault window, or a forced failure of a signature first sent after <paramref name="at"/> (Target -1: none is).</summary>
    private static FaultStep LlmFault(Random random, TimeSpan at, List<WorkloadStep> steps)
    {
        if (random.NextDouble() < 0.7)
        {
            var http500 = Math.Round(random.NextDouble() * 0.5, 2);
            var hang = Math.Round(random.NextDouble() * 0.3, 2);
            var stall = Math.Round(random.NextDouble() * 0.3, 2);
            return new(at, FaultKind.LlmFaults, Between(random, 3, 10), Mix: new LlmFaultMix(http500, hang, stall));
        }
        var later = steps.Where(s => s.Kind == StepKind.New && s.At > at).ToList();
        var pick = random.Next(1_000);
        return new(at, FaultKind.LlmForcedFailure, TimeSpan.Zero, later.Count == 0 ? -1 : later[pick % later.Count].Items[0].Index);
    }

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> seconds, to a tenth.</summary>
    private static TimeSpan Between(Random random, double min, double max) =>
        Round(TimeSpan.FromSeconds(min + ((max - min) * random.NextDouble())));

    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds, 1));
}
