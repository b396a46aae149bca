namespace Aimo.LlmSimulator.Limits;

/// <summary>Which limit refused a request; counted in stats as <c>rate_limit_requests</c> or <c>rate_limit_tokens</c>.</summary>
public enum LimitKind
{
    Requests,
    Tokens,
}
