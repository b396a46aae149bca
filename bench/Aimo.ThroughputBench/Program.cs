using System.Runtime.Versioning;
using Aimo.ThroughputBench;

// Throughput against OpenAI-style rate limits, on the real stack (processes mode): for each replica count, llm-sim runs
// with the given limits and latency, a backlog of tier A signatures is enqueued, and once the provider's bucket is drawn
// down (steady state) what llm-sim admitted over a window is compared with its limits.
// Usage: dotnet run -c Release --project bench/Aimo.ThroughputBench -- --replicas 1,3 --rpm 600 --tpm 2000000 --latency 2000-4000 --window 120 --learn-cap true
[assembly: SupportedOSPlatform("linux")]

var options = BenchOptions.Parse(args);
TokensPerSignature.Report(1_000);
foreach (var replicas in options.Replicas)
{
    Console.WriteLine();
    Console.WriteLine($"== {replicas} worker replica(s): limits {options.RequestsPerMinute} requests/min, {options.TokensPerMinute:N0} tokens/min; latency {options.LatencyMs}-{options.LatencyMaxMs} ms; learned output cap {(options.LearnCap ? "on" : "off")}");
    var result = await ThroughputRun.RunAsync(options, replicas);
    result.Print();
}
