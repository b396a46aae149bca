using System.Text;
using System.Text.Json;

namespace Aimo.Core.Signatures;

/// <summary>
/// The data block of the user prompt: a <c>&lt;signatures&gt;</c> line, one JSON object per line,
/// a <c>&lt;/signatures&gt;</c> line. Writing and reading live together so they cannot drift apart.
/// </summary>
public static class SignatureBlock
{
    public const string OpenTag = "<signatures>";
    public const string CloseTag = "</signatures>";

    /// <summary>Writes the block for <paramref name="signatures"/>, lines separated by <c>\n</c>.</summary>
    public static string Build(IReadOnlyList<FormattedSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var builder = new StringBuilder(OpenTag.Length + CloseTag.Length + 2 + signatures.Sum(s => s.Text.Length + 1));
        builder.Append(OpenTag).Append('\n');
        foreach (var signature in signatures)
        {
            builder.Append(signature.Text).Append('\n');
        }
        return builder.Append(CloseTag).ToString();
    }

    /// <summary>Reads the signatures out of a user prompt built by <c>ClassificationPrompt.BuildUserPrompt</c>.</summary>
    /// <exception cref="FormatException">No block, an unclosed block, or a line that is not a signature object.</exception>
    public static IReadOnlyList<SignatureEntry> Parse(string userPrompt)
    {
        ArgumentNullException.ThrowIfNull(userPrompt);
        var lines = userPrompt.ReplaceLineEndings("\n").Split('\n');
        var open = Array.FindIndex(lines, l => l.Trim() == OpenTag);
        if (open < 0)
        {
            throw new FormatException($"The prompt has no {OpenTag} line.");
        }
        var close = Array.FindIndex(lines, open + 1, l => l.Trim() == CloseTag);
        if (close < 0)
        {
            throw new FormatException($"The {OpenTag} block is not closed by a {CloseTag} line.");
        }
        var entries = new List<SignatureEntry>(close - open - 1);
        for (var i = open + 1; i < close; i++)
        {
            if (lines[i].Length > 0)
            {
                entries.Add(ParseLine(lines[i], i + 1));
            }
        }
        return entries;
    }

    private static SignatureEntry ParseLine(string line, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var samples = root.TryGetProperty("samples", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                : [];
            return new SignatureEntry(
                Id: root.GetProperty("id").GetString() ?? throw new FormatException("id is null"),
                Method: root.TryGetProperty("method", out var method) ? method.GetString() : null,
                Host: root.TryGetProperty("host", out var host) ? host.GetString() ?? "" : "",
                Path: root.TryGetProperty("path", out var path) ? path.GetString() ?? "" : "",
                Samples: samples,
                Truncated: root.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Line {lineNumber} of the prompt is not a signature object: {ex.Message}", ex);
        }
    }
}
