using System.Globalization;

namespace Aimo.ThroughputBench;

/// <summary>Command line: <c>--replicas 1,3 --rpm 600 --tpm 2000000 --latency 2000-4000 --window 120 --signatures 30000</c>.</summary>
internal sealed record BenchOptions(int[] Replicas, int RequestsPerMinute, int TokensPerMinute, int LatencyMs, int LatencyMaxMs,
    TimeSpan Window, int Signatures)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
        var latency = Get("latency", "2000-4000").Split('-');
        return new BenchOptions(
            [.. Get("replicas", "1,3").Split(',').Select(Int)], Int(Get("rpm", "600")), Int(Get("tpm", "2000000")),
            Int(latency[0]), Int(latency[^1]), TimeSpan.FromSeconds(Int(Get("window", "120"))), Int(Get("signatures", "30000")));
    }

    /// <summary>The AppHost's configuration for one run: replicas, and llm-sim's limits and latency.</summary>
    public string[] StackArgs(int replicas) =>
    [
        $"--Aimo:WorkerReplicas={replicas}",
        // The services' own logs stay in the stack; this process prints the figures only.
        "--Logging:LogLevel:Default=Warning",
        $"--Services:llm-sim:Simulator:Limits:RequestsPerMinute={RequestsPerMinute}",
        $"--Services:llm-sim:Simulator:Limits:TokensPerMinute={TokensPerMinute}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMs={LatencyMs}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMaxMs={LatencyMaxMs}",
    ];
}
