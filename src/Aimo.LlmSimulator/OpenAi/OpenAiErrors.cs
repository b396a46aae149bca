namespace Aimo.LlmSimulator.OpenAi;

/// <summary>Error bodies worded like OpenAI's, so logs and client exceptions read the same as in production.</summary>
public static class OpenAiErrors
{
    public static OpenAiErrorResponse InvalidRequest(string message, string? param = null) =>
        new(new OpenAiError(message, "invalid_request_error", param, null));

    public static OpenAiErrorResponse ServerError() =>
        new(new OpenAiError("The server had an error while processing your request. Sorry about that! (simulated)", "server_error", null, null));

    public static OpenAiErrorResponse Overloaded() =>
        new(new OpenAiError("The engine is currently overloaded, please try again later. (simulated)", "server_error", null, "overloaded"));

    public static OpenAiErrorResponse RateLimited(string model, int retryAfterSeconds) =>
        new(new OpenAiError(
            $"Rate limit reached for {model} on requests per min (RPM). Please try again in {retryAfterSeconds}s. (simulated)",
            "requests", null, "rate_limit_exceeded"));
}
