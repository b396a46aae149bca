namespace Aimo.Worker.Llm;

/// <summary>The kinds of endpoint the <c>llm</c> connection string can name (<c>Provider=</c>, or inferred from the host).</summary>
public enum LlmProvider
{
    /// <summary>api.openai.com: bearer key, <c>max_completion_tokens</c>, rate-limit headers with limits.</summary>
    OpenAi,

    /// <summary>Azure OpenAI: a deployment, <c>api-key</c> header or an Entra ID token, <c>remaining</c> headers only.</summary>
    AzureOpenAi,

    /// <summary>Ollama's OpenAI-compatible API: reads <c>max_tokens</c> only, sends no rate-limit headers.</summary>
    Ollama,

    /// <summary>Any other server speaking OpenAI's API (vLLM, llama.cpp, LM Studio): the cap goes in <c>max_tokens</c>, which they all read.</summary>
    OpenAiCompatible,
}

public static class LlmProviders
{
    /// <summary>The <c>Provider=</c> values, as written in a connection string.</summary>
    public static readonly IReadOnlyDictionary<string, LlmProvider> Names = new Dictionary<string, LlmProvider>(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = LlmProvider.OpenAi,
        ["azure-openai"] = LlmProvider.AzureOpenAi,
        ["ollama"] = LlmProvider.Ollama,
        ["openai-compatible"] = LlmProvider.OpenAiCompatible,
    };

    /// <summary>The provider an endpoint's host implies when the connection string names none.</summary>
    public static LlmProvider Infer(Uri endpoint)
    {
        var host = endpoint.Host;
        if (host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase))
        {
            return LlmProvider.AzureOpenAi;
        }
        if (endpoint.Port == 11434) return LlmProvider.Ollama;
        return host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase) ? LlmProvider.OpenAi : LlmProvider.OpenAiCompatible;
    }

    /// <summary>Servers that ignore <c>max_completion_tokens</c> (Ollama) or may not know it (llama.cpp, older vLLM) read <c>max_tokens</c>.</summary>
    public static bool CapsWithMaxTokens(this LlmProvider provider) => provider is LlmProvider.Ollama or LlmProvider.OpenAiCompatible;
}
