using System.Runtime.Versioning;
using Aimo.CostBench;

// What one workload costs on the real stack (processes mode): 10,000 signatures (A 20 %, B 20 %, C 60 %) classified by
// llm-sim as gpt-4o-mini, once per output-cap setting, each on a stack of its own; figures from PostgreSQL (batches),
// llm-sim (/sim/stats) and Redis (the output cap's counts).
// Usage: dotnet run -c Release --project bench/Aimo.CostBench -- --signatures 10000 --learn-cap false,true --latency 50-150
//        dotnet run -c Release --project bench/Aimo.CostBench -- --signatures 10000 --learn-cap true --batch-api false,true
[assembly: SupportedOSPlatform("linux")]

var options = CostOptions.Parse(args);
Console.WriteLine($"{options.Signatures:N0} signatures (A 20 %, B 20 %, C 60 %), model {options.Model}, llm-sim latency "
    + $"{options.LatencyMs}-{options.LatencyMaxMs} ms, no rate limits, daily budget {CostOptions.DailyBudgetUsd:N0} USD");
List<CostFigures> runs = [];
foreach (var learnCap in options.LearnCaps)
{
    foreach (var layout in options.Layouts)
    {
        foreach (var batchApi in options.BatchApis)
        {
            var label = $"learned cap {(learnCap ? "on" : "off")}, layout {layout}, tier C {(batchApi ? "through the Batch API" : "synchronous")}";
            Console.WriteLine($"== {label}: running…");
            runs.Add(await CostRun.RunAsync(options, learnCap, layout, batchApi, label));
        }
    }
}
CostFigures.Print(runs);
