using System.Text.Json;
using Aimo.LlmSimulator.OpenAi;
using Aimo.LlmSimulator.Validation;

namespace Aimo.LlmSimulator.Batches;

/// <summary>The body of <c>POST /v1/batches</c>, read in the real API's order: JSON, known names, required fields, values.</summary>
public sealed record BatchCreateRequest(string InputFileId, string Endpoint, string CompletionWindow, IReadOnlyDictionary<string, string>? Metadata);

public static class BatchCreateReader
{
    public const string ChatCompletions = "/v1/chat/completions";

    // CreateBatchRequest's endpoint enum in the spec; the simulator runs only the first.
    private static readonly string[] Endpoints =
        [ChatCompletions, "/v1/responses", "/v1/embeddings", "/v1/completions", "/v1/moderations", "/v1/images/generations", "/v1/images/edits", "/v1/videos"];
    private static readonly string[] Known = ["input_file_id", "endpoint", "completion_window", "metadata", "output_expires_after"];
    private const int MaxMetadataPairs = 16;

    public static async Task<(BatchCreateRequest? Request, OpenAiErrorResponse? Error)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, ParameterErrors.ParseFailure(ex.Message));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, ParameterErrors.NotAnObject());
            if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !Known.Contains(n)) is { } unknown)
                return (null, ParameterErrors.Unrecognized(unknown));
            foreach (var name in Known[..3])
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return (null, ParameterErrors.Missing(name));
                if (value.ValueKind != JsonValueKind.String) return (null, ParameterErrors.InvalidType(name, "a string", JsonKinds.Describe(value)));
            }
            var endpoint = root.GetProperty("endpoint").GetString()!;
            if (!Endpoints.Contains(endpoint)) return (null, ParameterErrors.InvalidValue("endpoint", endpoint, Endpoints));
            if (endpoint != ChatCompletions)
                return (null, OpenAiErrors.InvalidRequest($"llm-sim runs only '{ChatCompletions}' batches, not '{endpoint}'. (simulated)", "endpoint", "invalid_value"));
            var window = root.GetProperty("completion_window").GetString()!;
            if (window != "24h") return (null, ParameterErrors.InvalidValue("completion_window", window, ["24h"]));
            var (metadata, problem) = Metadata(root);
            return problem is not null
                ? (null, problem)
                : (new BatchCreateRequest(root.GetProperty("input_file_id").GetString()!, endpoint, window, metadata), null);
        }
    }

    private static (IReadOnlyDictionary<string, string>? Metadata, OpenAiErrorResponse? Error) Metadata(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null) return (null, null);
        if (metadata.ValueKind != JsonValueKind.Object) return (null, ParameterErrors.InvalidType("metadata", "an object", JsonKinds.Describe(metadata)));
        var pairs = metadata.EnumerateObject().ToList();
        if (pairs.Count > MaxMetadataPairs)
            return (null, OpenAiErrors.InvalidRequest($"Invalid 'metadata': too many properties. Expected an object with at most {MaxMetadataPairs} properties, but got an object with {pairs.Count} properties instead.", "metadata", "object_above_max_properties"));
        if (pairs.Where(p => p.Value.ValueKind != JsonValueKind.String).Select(p => p.Name).FirstOrDefault() is { } name)
            return (null, ParameterErrors.InvalidType($"metadata.{name}", "a string", JsonKinds.Describe(metadata.GetProperty(name))));
        return (pairs.ToDictionary(p => p.Name, p => p.Value.GetString()!), null);
    }
}
