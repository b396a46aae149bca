using System.Text.Json;

namespace Aimo.LlmSimulator.Classification;

/// <summary>
/// Reads the <c>&lt;signatures&gt;</c> block of the worker's prompt: one JSON object per line between the
/// delimiter lines. A private copy of the contract's format, so the simulator does not depend on the
/// worker's formatter being written first; a malformed line is skipped, as a model would ignore it.
/// </summary>
public static class SignatureBlockParser
{
    public const string OpenTag = "<signatures>";
    public const string CloseTag = "</signatures>";

    /// <summary>
    /// The signatures of the last block in the given user messages: a JSON re-ask repeats the ids still
    /// needed in its own block, and otherwise the original request's block is the last one.
    /// </summary>
    public static IReadOnlyList<PromptSignature> ParseLast(IEnumerable<string> userMessages)
    {
        IReadOnlyList<PromptSignature>? last = null;
        foreach (var message in userMessages)
        {
            var block = LastBlock(message);
            if (block is not null) last = ParseBlock(block);
        }
        return last ?? [];
    }

    private static string? LastBlock(string text)
    {
        var close = text.LastIndexOf(CloseTag, StringComparison.Ordinal);
        if (close < 0) return null;
        var open = text.LastIndexOf(OpenTag, close, StringComparison.Ordinal);
        return open < 0 ? null : text[(open + OpenTag.Length)..close];
    }

    private static List<PromptSignature> ParseBlock(string block)
    {
        var result = new List<PromptSignature>();
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] != '{') continue;
            if (TryParseLine(line) is { } signature) result.Add(signature);
        }
        return result;
    }

    private static PromptSignature? TryParseLine(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = GetString(root, "id");
            if (string.IsNullOrWhiteSpace(id)) return null;
            return new PromptSignature(
                id,
                GetString(root, "method"),
                (GetString(root, "host") ?? "").Trim().ToLowerInvariant(),
                GetString(root, "path") ?? "/");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? GetString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object
        && obj.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
