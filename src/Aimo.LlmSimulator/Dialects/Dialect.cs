namespace Aimo.LlmSimulator.Dialects;

/// <summary>Which provider llm-sim speaks as (<c>Simulator:Dialect</c>), so each provider the worker supports is tested end to end.</summary>
public enum Dialect
{
    /// <summary>OpenAI's own API: <c>/v1/...</c>, bearer key, <c>x-ratelimit-*</c> with limits, full usage details.</summary>
    OpenAi,

    /// <summary>
    /// Azure OpenAI: the classic <c>/openai/deployments/{name}/chat/completions?api-version=...</c> route and the v1
    /// <c>/openai/v1/chat/completions</c>, <c>api-key</c> header or an Entra token, Azure's error bodies,
    /// <c>x-ratelimit-remaining-*</c> only.
    /// </summary>
    Azure,

    /// <summary>Ollama's OpenAI-compatible API: any key or none, <c>max_tokens</c> only, no rate-limit headers, no usage details.</summary>
    Ollama,
}
