using System.Globalization;
using System.Text;
using Aimo.Core.Signatures;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>What one workload step sends: new ids, new content for ids already sent, C→A moves, or exact re-sends.</summary>
public enum StepKind { New, NewVersion, Retier, Duplicate }

/// <summary>One signature as a step sends it: its index in the schedule (the id is built from it), tier and sample revision.</summary>
public sealed record SignatureSpec(int Index, Tier Tier, int Revision);

/// <summary>One <c>POST /api/signatures</c> at <paramref name="At"/> after the schedule starts.</summary>
public sealed record WorkloadStep(TimeSpan At, StepKind Kind, IReadOnlyList<SignatureSpec> Items);

public enum FaultKind
{
    /// <summary>SIGKILL a worker replica's process tree; start it again after <c>Duration</c>.</summary>
    WorkerKill,
    /// <summary>SIGSTOP a worker replica's process tree for <c>Duration</c> (longer than the heartbeat timeout), then SIGCONT.</summary>
    WorkerPause,
    /// <summary>SIGKILL redis-server; start it again after <c>Duration</c>.</summary>
    RedisKill,
    /// <summary><c>CLIENT PAUSE &lt;Duration&gt; ALL</c>.</summary>
    RedisClientPause,
    /// <summary><c>CLIENT KILL TYPE normal</c>: every service's connection drops at once.</summary>
    RedisClientKill,
    /// <summary><c>DEBUG SLEEP &lt;Duration&gt;</c>: Redis stops answering anyone.</summary>
    RedisDebugSleep,
    /// <summary>SIGKILL PostgreSQL's postmaster alone (its backends are orphaned, as in a crash); start it again after <c>Duration</c>.</summary>
    PostgresKill,
    /// <summary>llm-sim answers with 500s, hangs and stalled bodies at the <c>Mix</c> probabilities for <c>Duration</c>.</summary>
    LlmFaults,
    /// <summary>Three forced 500s for the batch carrying signature <c>Target</c>: all its attempts fail.</summary>
    LlmForcedFailure,
}

/// <summary>Probabilities of llm-sim's faults during an <see cref="FaultKind.LlmFaults"/> window.</summary>
public sealed record LlmFaultMix(double Http500, double Hang, double StallBody);

/// <summary>One fault at <paramref name="At"/>; <paramref name="Target"/> is a worker replica's index or a signature's index.</summary>
public sealed record FaultStep(TimeSpan At, FaultKind Kind, TimeSpan Duration, int Target = 0, LlmFaultMix? Mix = null)
{
    public TimeSpan End => At + Duration;
}

/// <summary>
/// The day's budget during the schedule: its soft limit is <paramref name="HeadroomMicros"/> above the spend at the start
/// (so tier C is deferred once that is used), raised out of the way at <paramref name="RaiseAt"/> (or at the heal, when null).
/// </summary>
public sealed record BudgetPlan(long HeadroomMicros, TimeSpan? RaiseAt);

/// <summary>How big a schedule is: new ids, length of the workload, worker replicas it may target.</summary>
public sealed record ScheduleSize(string Name, int NewSignatures, TimeSpan Duration, int Replicas)
{
    public static readonly ScheduleSize Ci = new("ci", 100, TimeSpan.FromSeconds(30), 2);
    public static readonly ScheduleSize Long = new("long", 240, TimeSpan.FromSeconds(60), 2);
}

/// <summary>One schedule: a pure function of its seed and size (see <see cref="ScheduleGenerator"/>).</summary>
public sealed record Schedule(int Seed, ScheduleSize Size, BudgetPlan Budget, IReadOnlyList<WorkloadStep> Steps, IReadOnlyList<FaultStep> Faults)
{
    public int Signatures => Steps.Where(s => s.Kind == StepKind.New).Sum(s => s.Items.Count);

    /// <summary>Every step and fault, one a line: what a failing run prints so the schedule can be read and replayed.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"schedule seed={Seed} size={Size.Name} ({Signatures} new ids, {Steps.Count} requests, {Faults.Count} faults); ");
        text.Append(CultureInfo.InvariantCulture, $"budget: soft limit {Budget.HeadroomMicros} µUSD above the start, raised {(Budget.RaiseAt is { } r ? $"at {Seconds(r)}" : "at the heal")}\n");
        var lines = Steps.Select(s => (s.At, Text: $"post {s.Kind,-10} {string.Join(' ', s.Items.Select(i => $"#{i.Index}{i.Tier}r{i.Revision}"))}"))
            .Concat(Faults.Select(f => (f.At, Text: $"FAULT {Describe(f)}")))
            .OrderBy(l => l.At);
        foreach (var (at, line) in lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Seconds(at),7} {line}\n");
        }
        return text.ToString();
    }

    private static string Describe(FaultStep f) => f.Kind switch
    {
        FaultKind.WorkerKill or FaultKind.WorkerPause => $"{f.Kind} worker[{f.Target}] for {Seconds(f.Duration)}",
        FaultKind.LlmFaults => $"{f.Kind} for {Seconds(f.Duration)}: 500 {f.Mix!.Http500:0.00}, hang {f.Mix.Hang:0.00}, stall {f.Mix.StallBody:0.00}",
        FaultKind.LlmForcedFailure => $"{f.Kind} for #{f.Target}",
        FaultKind.RedisClientKill => $"{f.Kind}",
        _ => $"{f.Kind} for {Seconds(f.Duration)}",
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture);
}
