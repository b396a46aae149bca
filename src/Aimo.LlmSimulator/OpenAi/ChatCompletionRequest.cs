using System.Text;
using System.Text.Json;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// The parts of an OpenAI chat-completions request the simulator reads. Every other parameter of the spec is
/// accepted and ignored; a name outside the spec is refused before this is built (see <c>Validation</c>).
/// </summary>
public sealed record ChatCompletionRequest(
    string? Model,
    IReadOnlyList<ChatMessageRequest>? Messages,
    ResponseFormatRequest? ResponseFormat,
    int? MaxTokens,
    int? MaxCompletionTokens,
    double? Temperature,
    double? TopP,
    int? N,
    long? Seed,
    bool? Stream,
    StreamOptionsRequest? StreamOptions,
    string? ReasoningEffort,
    string? PromptCacheKey = null)
{
    /// <summary><c>max_completion_tokens</c> replaced <c>max_tokens</c>; clients send one or the other.</summary>
    public int? OutputTokenLimit => MaxCompletionTokens ?? MaxTokens;

    public int Choices => N ?? 1;
}

/// <summary>A message; content is a string or an array of typed parts, depending on the client.</summary>
public sealed record ChatMessageRequest(string? Role, JsonElement Content)
{
    public string Text()
    {
        switch (Content.ValueKind)
        {
            case JsonValueKind.String:
                return Content.GetString() ?? "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in Content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                        text.Append(t.GetString());
                }
                return text.ToString();
            default:
                return "";
        }
    }
}

public sealed record ResponseFormatRequest(string? Type, JsonElement? JsonSchema);

public sealed record StreamOptionsRequest(bool? IncludeUsage);
