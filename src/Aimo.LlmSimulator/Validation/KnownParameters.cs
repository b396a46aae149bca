namespace Aimo.LlmSimulator.Validation;

/// <summary>
/// The top-level parameters of <c>CreateChatCompletionRequest</c> in OpenAI's OpenAPI document
/// (github.com/openai/openai-openapi, openapi.json at f85dbe2, info.version 2.3.0). Any other name is refused,
/// as the real API refuses it, so a typo in a client shows up locally. A test holds this list to the spec fragment.
/// </summary>
public static class KnownParameters
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs", "max_completion_tokens",
        "max_tokens", "messages", "metadata", "modalities", "model", "moderation", "n", "parallel_tool_calls", "prediction",
        "presence_penalty", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention", "reasoning_effort",
        "response_format", "safety_identifier", "seed", "service_tier", "stop", "store", "stream", "stream_options",
        "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
    };
}
