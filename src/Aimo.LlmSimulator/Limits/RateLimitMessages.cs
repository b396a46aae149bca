using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Limits;

/// <summary>The limiter's 429 bodies, in OpenAI's wording (type <c>requests</c> or <c>tokens</c>, code <c>rate_limit_exceeded</c>).</summary>
public static class RateLimitMessages
{
    public const string Organization = "org-aimo-simulator";
    public const string Visit = "Visit https://platform.openai.com/account/rate-limits to learn more.";

    public static OpenAiErrorResponse For(string model, Admission refused)
    {
        var (type, unit, limit) = refused.RefusedBy == LimitKind.Requests
            ? ("requests", "requests per min (RPM)", refused.Requests!.Limit)
            : ("tokens", "tokens per min (TPM)", refused.Tokens!.Limit);
        var message = refused.RetryAfter is { } wait
            ? $"Rate limit reached for {model} in organization {Organization} on {unit}: Limit {limit}, Used {refused.Used}, "
              + $"Requested {refused.Requested}. Please try again in {OpenAiDuration.Format(wait)}. {Visit}"
            : $"Request too large for {model} in organization {Organization} on {unit}: Limit {limit}, Requested {refused.Requested}. "
              + $"The input or output tokens must be reduced in order to run successfully. {Visit}";
        return new OpenAiErrorResponse(new OpenAiError(message, type, null, "rate_limit_exceeded"));
    }
}
