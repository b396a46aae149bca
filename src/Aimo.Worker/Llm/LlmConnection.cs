using System.Data.Common;

namespace Aimo.Worker.Llm;

/// <summary>The <c>llm</c> connection string: <c>Endpoint=https://.../v1;Key=...;Model=...</c>.</summary>
public sealed record LlmConnection(Uri Endpoint, string Key, string Model)
{
    public static LlmConnection Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Connection string 'llm' is missing; expected 'Endpoint=https://host/v1;Key=...;Model=...'.");
        }
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(string name) => builder.TryGetValue(name, out var value) ? value?.ToString() : null;

        var endpoint = Get("Endpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Connection string 'llm' has no valid Endpoint (got '{endpoint}').");
        }
        var model = Get("Model") ?? Get("Deployment");
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new InvalidOperationException("Connection string 'llm' has no Model.");
        }
        // Local servers (Ollama, llama.cpp) take any key, but the SDK needs a non-empty one.
        var key = Get("Key") ?? Get("AccessKey");
        return new LlmConnection(uri, string.IsNullOrWhiteSpace(key) ? "unused" : key, model.Trim());
    }
}
