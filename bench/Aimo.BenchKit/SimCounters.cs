using System.Text.Json;

namespace Aimo.BenchKit;

/// <summary>llm-sim's counters since it started (<c>GET /sim/stats</c>).</summary>
/// <param name="Total">Chat requests, whatever their outcome.</param>
/// <param name="PromptTokens">Tokens the answered requests used: their prompts (so is <paramref name="CompletionTokens"/>, their answers).</param>
/// <param name="Admitted">Requests the rate limits admitted.</param>
/// <param name="ChargedTokens">What those were charged at admission: prompt + the output limit they asked for.</param>
public sealed record SimCounters(long Total, IReadOnlyDictionary<string, long> ByOutcome, long PromptTokens, long CompletionTokens,
    long Admitted, long ChargedTokens)
{
    public long UsedTokens => PromptTokens + CompletionTokens;

    public long RateLimited => Outcome("rate_limit_requests") + Outcome("rate_limit_tokens");

    public long Outcome(string name) => ByOutcome.GetValueOrDefault(name);

    public static async Task<SimCounters> ReadAsync(HttpClient sim)
    {
        var root = JsonDocument.Parse(await sim.GetStringAsync("/sim/stats")).RootElement;
        return new SimCounters(root.GetProperty("total").GetInt64(),
            root.GetProperty("byOutcome").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()),
            root.GetProperty("promptTokens").GetInt64(), root.GetProperty("completionTokens").GetInt64(),
            root.GetProperty("admittedRequests").GetInt64(), root.GetProperty("chargedTokens").GetInt64());
    }
}
