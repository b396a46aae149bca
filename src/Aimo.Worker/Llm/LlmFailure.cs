using System.ClientModel;
using System.Text.Json;
using Polly.Timeout;

namespace Aimo.Worker.Llm;

/// <summary>How an LLM call failed, which decides what happens to its batch.</summary>
public enum LlmFailureKind
{
    /// <summary>The provider is down or overloaded (5xx, 429, timeouts, broken connections): retried; after all attempts, llm_unavailable.</summary>
    Transient,

    /// <summary>
    /// Every call will fail the same way until an operator acts: bad key (401/403), unknown model (404), a parameter
    /// the model refuses (400), no quota left (429 insufficient_quota). Not retried; the worker pauses.
    /// </summary>
    Configuration,

    /// <summary>This request, not the setup, was refused (e.g. context length exceeded): its signatures go to review.</summary>
    Rejected,
}

/// <summary>A failed LLM call, with the provider's own error message and code when it sent one.</summary>
public sealed record LlmFailure(LlmFailureKind Kind, int? HttpStatus, string? Code, string Message)
{
    private static readonly HashSet<string> RequestSpecificCodes = new(StringComparer.Ordinal)
    {
        "context_length_exceeded", "string_above_max_length", "invalid_prompt", "content_filter", "content_policy_violation",
    };

    /// <summary>One line for logs, review items and the admin UI: status, code and the provider's message.</summary>
    public string Describe() =>
        (HttpStatus is { } status ? $"HTTP {status}" : "No response") + (Code is null ? "" : $" ({Code})") + ": " + Message;

    public static LlmFailure From(Exception exception, int? lastStatus)
    {
        if (exception is ClientResultException { Status: > 0 } client)
        {
            var (code, message) = ProviderError(client);
            return new LlmFailure(Classify(client.Status, code), client.Status, code, message ?? client.Message);
        }
        var detail = exception switch
        {
            TimeoutRejectedException => $"Timed out: {exception.Message}",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return new LlmFailure(LlmFailureKind.Transient, lastStatus, null, detail);
    }

    public static LlmFailureKind Classify(int status, string? code) => status switch
    {
        401 or 403 or 404 => LlmFailureKind.Configuration,
        429 when code == "insufficient_quota" => LlmFailureKind.Configuration,
        408 or 409 or 429 or >= 500 => LlmFailureKind.Transient,
        _ when code is not null && RequestSpecificCodes.Contains(code) => LlmFailureKind.Rejected,
        400 or 422 => LlmFailureKind.Configuration,
        _ => LlmFailureKind.Rejected,
    };

    /// <summary>Whether a response body says "insufficient_quota": a 429 that no retry can fix.</summary>
    public static bool IsQuotaExhausted(string? body) =>
        body is not null && body.Contains("insufficient_quota", StringComparison.Ordinal);

    private static (string? Code, string? Message) ProviderError(ClientResultException exception)
    {
        try
        {
            var body = exception.GetRawResponse()?.Content?.ToString();
            if (string.IsNullOrWhiteSpace(body))
            {
                return (null, null);
            }
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                string? Text(string name) => error.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return (Text("code") ?? Text("type"), Text("message"));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
        }
        return (null, null);
    }
}
