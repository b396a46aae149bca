using Aimo.BenchKit;

namespace Aimo.CostBench;

/// <summary>Command line: <c>--signatures 10000 --learn-cap false,true --layout auto --model gpt-4o-mini --latency 50-150</c>.</summary>
/// <param name="LearnCaps">One run per value of the worker's <c>Aimo:Worker:LearnOutputCap</c>, in this order.</param>
/// <param name="Layouts">For each, one run per prompt layout: <c>auto</c> (the worker's choice for the model), <c>Compact</c>, <c>FewShot</c>.</param>
/// <param name="Model">The model the worker asks: llm-sim serves it under its real name, and AIMO's price table has its list price.</param>
internal sealed record CostOptions(int Signatures, bool[] LearnCaps, string[] Layouts, string Model, int LatencyMs, int LatencyMaxMs)
{

    /// <summary>High enough never to bind: the soft limit must not hold tier C back, or the run measures waiting.</summary>
    public const decimal DailyBudgetUsd = 10_000m;

    /// <summary>Without progress for this long the run stops and reports what it has.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    public static CostOptions Parse(string[] args)
    {
        var line = new CommandLine(args);
        var latency = line.Range("latency", "50-150");
        return new CostOptions(line.Int("signatures", "10000"), line.Bools("learn-cap", "false,true"),
            line.Get("layout", "auto").Split(','), line.Get("model", "gpt-4o-mini"), latency.Min, latency.Max);
    }

    /// <summary>The AppHost's configuration for one run: the model, the output cap, llm-sim's latency and no rate limits.</summary>
    public string[] StackArgs(bool learnCap, string layout) =>
    [
        $"--Aimo:SimulatorModel={Model}",
        "--Logging:LogLevel:Default=Warning",
        $"--Services:worker:Aimo:Worker:LearnOutputCap={learnCap}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMs={LatencyMs}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMaxMs={LatencyMaxMs}",
        .. layout == "auto" ? (string[])[] : [$"--Services:worker:Aimo:Llm:Models:{Model}:PromptLayout={layout}"],
    ];
}
