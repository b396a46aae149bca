using Aimo.LlmSimulator.Limits;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// Error bodies worded like OpenAI's (messages, types and codes as the real API sends them), so logs and client
/// exceptions read the same as in production. Parameter errors are in <see cref="ParameterErrors"/>.
/// </summary>
public static class OpenAiErrors
{
    private const string InvalidRequestError = "invalid_request_error";
    private const string KeysPage = "https://platform.openai.com/account/api-keys";

    public static OpenAiErrorResponse InvalidRequest(string message, string? param = null, string? code = null) =>
        new(new OpenAiError(message, InvalidRequestError, param, code));

    public static OpenAiErrorResponse MissingApiKey() => InvalidRequest(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth "
        + "(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API "
        + $"from your browser and are prompted for a username and password. You can obtain an API key from {KeysPage}.");

    public static OpenAiErrorResponse InvalidApiKey(string? key) => InvalidRequest(
        $"Incorrect API key provided: {Mask(key)}. You can find your API key at {KeysPage}.", code: "invalid_api_key");

    /// <summary>An unknown model in a chat request (404).</summary>
    public static OpenAiErrorResponse ModelNotFound(string model) => InvalidRequest(
        $"The model `{model}` does not exist or you do not have access to it.", code: "model_not_found");

    /// <summary>An unknown model at <c>GET /v1/models/{model}</c> (404): worded differently, with <c>param</c>.</summary>
    public static OpenAiErrorResponse ModelDoesNotExist(string model) =>
        InvalidRequest($"The model '{model}' does not exist", "model", "model_not_found");

    public static OpenAiErrorResponse InvalidUrl(string method, string path) => InvalidRequest($"Invalid URL ({method} {path})");

    public static OpenAiErrorResponse ServerError() =>
        new(new OpenAiError("The server had an error while processing your request. Sorry about that! (simulated)", "server_error", null, null));

    public static OpenAiErrorResponse Overloaded() =>
        new(new OpenAiError("The engine is currently overloaded, please try again later. (simulated)", "server_error", null, "overloaded"));

    /// <summary>The injected <c>http429</c> fault: a rate limit that the fault profile, not the limiter, decided.</summary>
    public static OpenAiErrorResponse RateLimited(string model, int retryAfterSeconds) =>
        new(new OpenAiError(
            $"Rate limit reached for {model} in organization {RateLimitMessages.Organization} on requests per min (RPM). "
            + $"Please try again in {retryAfterSeconds}s. {RateLimitMessages.Visit} (simulated)",
            "requests", null, "rate_limit_exceeded"));

    /// <summary>Out of credit: a 429 that retrying cannot cure, so the real API sends no Retry-After with it.</summary>
    public static OpenAiErrorResponse InsufficientQuota() =>
        new(new OpenAiError(
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, "
            + "read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
            "insufficient_quota", null, "insufficient_quota"));

    /// <summary>Like OpenAI, shows the start and the last four characters of a wrong key, never all of it.</summary>
    internal static string Mask(string? key)
    {
        if (string.IsNullOrEmpty(key)) return "";
        if (key.Length <= 8) return new string('*', key.Length);
        var head = Math.Min(key.Length / 4, 8);
        return key[..head] + new string('*', key.Length - head - 4) + key[^4..];
    }
}
