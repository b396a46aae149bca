using Aimo.BenchKit;

namespace Aimo.ThroughputBench;

/// <summary>Command line: <c>--replicas 1,3 --rpm 600 --tpm 2000000 --latency 2000-4000 --window 120 --signatures 30000 --learn-cap true</c>.</summary>
/// <param name="LearnCap">The worker's <c>Aimo:Worker:LearnOutputCap</c>: false asks for the design's output room on every call.</param>
internal sealed record BenchOptions(int[] Replicas, int RequestsPerMinute, int TokensPerMinute, int LatencyMs, int LatencyMaxMs,
    TimeSpan Window, int Signatures, bool LearnCap)
{
    public static BenchOptions Parse(string[] args)
    {
        var line = new CommandLine(args);
        var latency = line.Range("latency", "2000-4000");
        return new BenchOptions(line.Ints("replicas", "1,3"), line.Int("rpm", "600"), line.Int("tpm", "2000000"), latency.Min, latency.Max,
            TimeSpan.FromSeconds(line.Int("window", "120")), line.Int("signatures", "30000"), bool.Parse(line.Get("learn-cap", "true")));
    }

    /// <summary>The AppHost's configuration for one run: replicas, the output cap, and llm-sim's limits and latency.</summary>
    public string[] StackArgs(int replicas) =>
    [
        $"--Aimo:WorkerReplicas={replicas}",
        // The services' own logs stay in the stack; this process prints the figures only.
        "--Logging:LogLevel:Default=Warning",
        $"--Services:worker:Aimo:Worker:LearnOutputCap={LearnCap}",
        $"--Services:llm-sim:Simulator:Limits:RequestsPerMinute={RequestsPerMinute}",
        $"--Services:llm-sim:Simulator:Limits:TokensPerMinute={TokensPerMinute}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMs={LatencyMs}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMaxMs={LatencyMaxMs}",
    ];
}
