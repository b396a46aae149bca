// The OpenAI library marks its Batch API and model-reading helpers experimental (OPENAI001); they are what the issue asks for.
#pragma warning disable OPENAI001

using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Aimo.Worker.BatchApi;

/// <summary>One line's result: the chat completion's body when the provider answered 200, else what went wrong.</summary>
public sealed record JobResult(string CustomId, int? StatusCode, string? Body, string? Error)
{
    public bool Answered => StatusCode == 200 && Body is not null;

    /// <summary>The answer as the synchronous path's chat client returns it (the OpenAI library's own model reading).</summary>
    public ChatResponse ToChatResponse()
    {
        var completion = ModelReaderWriter.Read<ChatCompletion>(BinaryData.FromString(Body!), ModelReaderWriterOptions.Json, OpenAIContext.Default)!;
        return completion.AsChatResponse();
    }
}

/// <summary>
/// Reads a job's output and error files (OpenAI's line format <c>{"id","custom_id","response":{"status_code",
/// "request_id","body"},"error"}</c>) into one result per <c>custom_id</c>: the files are in no input order.
/// </summary>
public static class JobResults
{
    public static Dictionary<string, JobResult> Parse(params string?[] files)
    {
        var results = new Dictionary<string, JobResult>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => !string.IsNullOrEmpty(f)))
        {
            foreach (var line in file!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Read(line) is { } result && (!results.TryGetValue(result.CustomId, out var known) || !known.Answered))
                {
                    results[result.CustomId] = result;
                }
            }
        }
        return results;
    }

    private static JobResult? Read(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("custom_id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            int? status = null;
            string? body = null;
            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object)
            {
                status = response.TryGetProperty("status_code", out var code) && code.TryGetInt32(out var c) ? c : null;
                body = response.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object ? b.GetRawText() : null;
            }
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetRawText()
                : status is not null and not 200 && body is not null ? body : null;
            return new JobResult(id.GetString()!, status, status == 200 ? body : null, error);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
