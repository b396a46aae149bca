namespace Aimo.Data.Llm;

/// <summary>
/// The LLM provider as the workers see it: "ok", or "paused" (reason "outage" or "configuration") since when, with the
/// provider's last error; the model with its price ("table", or "fallback" for a model the price table lacks); and the
/// provider's rate limits as the workers share them (null until a limit is known).
/// </summary>
public sealed record LlmStatusView(
    string State, string? Reason, DateTimeOffset? Since, string? LastError, int? LastStatus, DateTimeOffset? LastFailureAt,
    int ConsecutiveFailures, DateTimeOffset? NextProbeAt, DateTimeOffset? ResumedAt,
    string? Model, string? PricedAs, string? PriceSource, decimal? InputPerMillion, decimal? OutputPerMillion,
    RateLimitSnapshot? RateLimits = null, OutputCapCounts? OutputCap = null)
{
    public bool Paused => State == LlmHealthHash.Paused;

    /// <summary>The model is priced at the configured fallback: the budget holds, but at a price an operator chose.</summary>
    public bool Unpriced => PriceSource == LlmHealthHash.FallbackPrice;
}

/// <summary>The model's answered calls and how many stopped at their output cap (each was split and resent, nothing lost).</summary>
public sealed record OutputCapCounts(long Calls, long CapHits)
{
    public double CapHitShare => Calls == 0 ? 0 : (double)CapHits / Calls;
}
