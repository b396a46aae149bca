namespace Aimo.LlmSimulator.Limits;

/// <summary>One limit after an admission decision: what the <c>x-ratelimit-*-requests|tokens</c> headers report.</summary>
public sealed record LimitState(long Limit, long Remaining, TimeSpan ResetIn);
