using Aimo.BenchKit;

namespace Aimo.CostBench;

/// <summary>Command line: <c>--signatures 10000 --learn-cap false,true --layout auto --batch-api false --model gpt-4o-mini --latency 50-150</c>.</summary>
/// <param name="LearnCaps">One run per value of the worker's <c>Aimo:Worker:LearnOutputCap</c>, in this order.</param>
/// <param name="Layouts">For each, one run per prompt layout: <c>auto</c> (the worker's choice for the model), <c>Compact</c>, <c>FewShot</c>.</param>
/// <param name="BatchApis">For each, one run per value of the worker's <c>Aimo:Worker:BatchApi:Enabled</c> (tier C through llm-sim's Batch API).</param>
/// <param name="Model">The model the worker asks: llm-sim serves it under its real name, and AIMO's price table has its list price.</param>
internal sealed record CostOptions(int Signatures, bool[] LearnCaps, string[] Layouts, bool[] BatchApis, string Model, int LatencyMs, int LatencyMaxMs)
{

    /// <summary>High enough never to bind: the soft limit must not hold tier C back, or the run measures waiting.</summary>
    public const decimal DailyBudgetUsd = 10_000m;

    /// <summary>
    /// The workload's run id, the same for every run of one invocation: it is part of each signature's text, and a random
    /// id tokenizes to a different length each time (up to 7 % more tokens in one of two runs), so runs compare the same input.
    /// </summary>
    public string Run { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Without progress for this long the run stops and reports what it has.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    public static CostOptions Parse(string[] args)
    {
        var line = new CommandLine(args);
        var latency = line.Range("latency", "50-150");
        return new CostOptions(line.Int("signatures", "10000"), line.Bools("learn-cap", "false,true"),
            line.Get("layout", "auto").Split(','), line.Bools("batch-api", "false"), line.Get("model", "gpt-4o-mini"), latency.Min, latency.Max);
    }

    /// <summary>
    /// The AppHost's configuration for one run: the model, the output cap, llm-sim's latency and no rate limits; with the
    /// Batch API, jobs of the default size that llm-sim takes through its states in a second each (a real provider takes
    /// minutes to hours: the cost is the same, the wall time is not comparable).
    /// </summary>
    public string[] StackArgs(bool learnCap, string layout, bool batchApi) =>
    [
        $"--Aimo:SimulatorModel={Model}",
        "--Logging:LogLevel:Default=Warning",
        $"--Services:worker:Aimo:Worker:LearnOutputCap={learnCap}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMs={LatencyMs}",
        $"--Services:llm-sim:Simulator:Faults:LatencyMaxMs={LatencyMaxMs}",
        $"--Services:worker:Aimo:Worker:BatchApi:Enabled={batchApi}",
        "--Services:worker:Aimo:Worker:BatchApi:Linger=00:00:02",
        "--Services:worker:Aimo:Worker:BatchApi:PollInterval=00:00:01",
        "--Services:llm-sim:Simulator:Batch:SecondsPerState=1",
        .. layout == "auto" ? (string[])[] : [$"--Services:worker:Aimo:Llm:Models:{Model}:PromptLayout={layout}"],
    ];
}
