using System.Data.Common;

namespace Aimo.Worker.Llm;

/// <summary>
/// The <c>llm</c> connection string, in the shape of Aspire's AI integrations:
/// <c>Endpoint=https://.../v1;Key=...;Model=...</c>, with <c>Provider=</c> (else inferred from the host, see
/// <see cref="LlmProviders.Infer"/>). Azure OpenAI adds <c>Deployment=</c> (what is called) and <c>ApiVersion=</c>
/// (classic endpoint only); its <c>Model=</c> names the deployed model for pricing, as a deployment name is not a model.
/// </summary>
public sealed record LlmConnection(Uri Endpoint, string Key, string Model)
{
    /// <summary>Azure OpenAI's GA data-plane version for the classic <c>/openai/deployments/</c> route.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    public LlmProvider Provider { get; init; } = LlmProvider.OpenAi;

    /// <summary>The model name sent, or for Azure OpenAI the deployment called; <see cref="Model"/> is what is priced.</summary>
    public string Deployment { get; init; } = Model;

    /// <summary>Azure's <c>api-version</c>, sent on the classic route only.</summary>
    public string ApiVersion { get; init; } = DefaultAzureApiVersion;

    /// <summary>Azure OpenAI with no key: an Entra ID token (managed identity in Azure, <c>az login</c> locally).</summary>
    public bool UsesEntraId => Provider == LlmProvider.AzureOpenAi && Key.Length == 0;

    /// <summary>
    /// Whose rate limits the replicas share: the endpoint's host and port, and for Azure OpenAI the deployment too, as
    /// Azure limits each deployment (two deployments of one model on one resource do not share a quota).
    /// </summary>
    public string RateLimitScope => Provider == LlmProvider.AzureOpenAi ? $"{Endpoint.Authority}/{Deployment}" : Endpoint.Authority;

    /// <summary>Azure's v1 endpoint (<c>https://x.openai.azure.com/openai/v1/</c>) rather than the classic deployments route.</summary>
    public bool IsAzureV1 => Provider == LlmProvider.AzureOpenAi
        && Endpoint.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase);

    private const string Shape = "'Endpoint=https://host/v1;Key=...;Model=...' (Azure OpenAI: 'Endpoint=https://x.openai.azure.com/;Deployment=...;Model=...')";

    public static LlmConnection Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Connection string 'llm' is missing; expected {Shape}.");
        }
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(string name) => builder.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text.Trim() : null;

        var endpoint = Get("Endpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Connection string 'llm' has no valid Endpoint (got '{endpoint}').");
        }
        var provider = LlmProviders.Infer(uri);
        if (Get("Provider") is { } named && !LlmProviders.Names.TryGetValue(named, out provider))
        {
            throw new InvalidOperationException(
                $"Connection string 'llm' has an unknown Provider '{named}'; use one of: {string.Join(", ", LlmProviders.Names.Keys)}.");
        }
        var deployment = Get("Deployment");
        var model = Get("Model") ?? deployment;
        if (model is null)
        {
            throw new InvalidOperationException(
                provider == LlmProvider.AzureOpenAi ? "Connection string 'llm' has no Deployment." : "Connection string 'llm' has no Model.");
        }
        var key = Get("Key") ?? Get("AccessKey");
        return new LlmConnection(uri, key ?? NoKey(provider), model)
        {
            Provider = provider,
            // Only Azure calls a deployment by its own name; elsewhere the model is what is sent.
            Deployment = provider == LlmProvider.AzureOpenAi ? deployment ?? model : model,
            ApiVersion = Get("ApiVersion") ?? DefaultAzureApiVersion,
        };
    }

    // Azure without a key signs in with Entra ID; local servers (Ollama, llama.cpp) take any key, but the SDK needs one.
    private static string NoKey(LlmProvider provider) => provider == LlmProvider.AzureOpenAi ? "" : "unused";
}
