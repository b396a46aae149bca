using System.Net.Http.Json;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>llm-sim's fault profile during a schedule: a quiet baseline, fault windows, forced failures of one batch.</summary>
public sealed class LlmFaults(HttpClient sim, WorkloadIds ids)
{
    /// <summary>
    /// The baseline every window returns to (also the checker stack's configured profile, so <c>/sim/reset</c> keeps it):
    /// answers take 0.1–0.6 s so faults find calls in flight, and a hang or stalled body lasts 12 s — longer than the
    /// checker stack's 4 s attempt timeout, so each is a failed attempt, and short enough that a schedule is not minutes.
    /// </summary>
    public const int LatencyMs = 100;
    public const int LatencyMaxMs = 600;
    public const int HangMs = 12_000;

    public static string[] AppHostSettings =>
    [
        $"--Services:llm-sim:Simulator:Faults:LatencyMs={LatencyMs}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMaxMs={LatencyMaxMs}",
        $"--Services:llm-sim:Simulator:Faults:HangMs={HangMs}",
    ];

    public Task BaselineAsync() => PutAsync(new LlmFaultMix(0, 0, 0), seed: 1);

    public async Task WindowAsync(FaultStep fault, int seed, CancellationToken cancellationToken)
    {
        await PutAsync(fault.Mix!, seed);
        await Task.Delay(fault.Duration, cancellationToken);
        await BaselineAsync();
    }

    /// <summary>Three 500s for the first requests that carry this signature's host: its batch fails every attempt.</summary>
    public async Task ForceFailureAsync(FaultStep fault) =>
        (await sim.PostAsJsonAsync("/sim/faults/next", new { fault = "http500", count = 3, match = ids.Host(fault.Target) })).EnsureSuccessStatusCode();

    private async Task PutAsync(LlmFaultMix mix, int seed) =>
        (await sim.PutAsJsonAsync("/sim/faults", new
        {
            latencyMs = LatencyMs,
            latencyMaxMs = LatencyMaxMs,
            hangMs = HangMs,
            http500Probability = mix.Http500,
            hangProbability = mix.Hang,
            stallBodyProbability = mix.StallBody,
            seed,
        })).EnsureSuccessStatusCode();
}
