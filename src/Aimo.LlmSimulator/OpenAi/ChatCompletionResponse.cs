using System.Text.Json.Serialization;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>The <c>chat.completion</c> object, field for field as OpenAI sends it (snake_case on the wire).</summary>
public sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    ChatUsage Usage,
    string SystemFingerprint,
    string ServiceTier = "default");

public sealed record ChatChoice(int Index, ChatMessageResponse Message, object? Logprobs, string FinishReason);

public sealed record ChatMessageResponse(string Role, string? Content, string? Refusal, IReadOnlyList<object> Annotations);

public sealed record ChatUsage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    // Ollama sends neither: null leaves them out.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PromptTokensDetails? PromptTokensDetails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CompletionTokensDetails? CompletionTokensDetails)
{
    /// <param name="completion">All output tokens, reasoning included, as OpenAI counts them.</param>
    /// <param name="cached">Of the prompt, the tokens read from the prompt cache.</param>
    public static ChatUsage Of(int prompt, int completion, int reasoning = 0, int cached = 0) =>
        new(prompt, completion, prompt + completion, new(cached, 0), new(reasoning, 0, 0, 0));
}

public sealed record PromptTokensDetails(int CachedTokens, int AudioTokens);

public sealed record CompletionTokensDetails(int ReasoningTokens, int AudioTokens, int AcceptedPredictionTokens, int RejectedPredictionTokens);

/// <summary>One <c>chat.completion.chunk</c> of a streamed answer.</summary>
public sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatUsage? Usage);

public sealed record ChunkChoice(int Index, ChunkDelta Delta, object? Logprobs, string? FinishReason);

/// <summary>Only the fields that change are sent in a delta, as OpenAI does.</summary>
public sealed record ChunkDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

public sealed record ModelList(string Object, IReadOnlyList<ModelInfo> Data);

public sealed record ModelInfo(string Id, string Object, long Created, string OwnedBy);

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record OpenAiErrorResponse(OpenAiError Error);

public sealed record OpenAiError(string Message, string Type, string? Param, string? Code);
