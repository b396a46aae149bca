using System.Text;
using System.Text.Json;

namespace Aimo.LlmSimulator.Batches;

/// <summary>One request of a batch input file; <see cref="Number"/> is its line in the file, from 1.</summary>
public sealed record BatchLine(int Number, string CustomId, JsonElement Body);

/// <summary>
/// Checks a batch input file as the real API does while a job is <c>validating</c>: each line a JSON object with a
/// unique <c>custom_id</c>, <c>method</c> POST, the job's endpoint as <c>url</c> and a <c>body</c>, one model for the whole
/// file, at most <see cref="MaxLines"/> requests. Problems fail the job with one error per line (code, message, param,
/// line), not the upload. The body itself is checked later, line by line, like a synchronous request.
/// </summary>
public static class BatchInput
{
    public const int MaxLines = 50_000;
    // Enough to find every bad line of a file one writer got wrong; the real API also reports a handful, not 50,000.
    private const int MaxErrors = 100;

    public static (IReadOnlyList<BatchLine> Lines, IReadOnlyList<BatchError> Errors) Read(byte[] content, string endpoint)
    {
        var texts = Encoding.UTF8.GetString(content).Split('\n')
            .Select((text, index) => (Text: text.TrimEnd('\r'), Number: index + 1))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .ToList();
        if (texts.Count == 0) return ([], [BatchErrors.EmptyFile()]);
        if (texts.Count > MaxLines) return ([], [BatchErrors.TooManyTasks(texts.Count)]);

        var lines = new List<BatchLine>(texts.Count);
        var errors = new List<BatchError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? batchModel = null;
        foreach (var (text, number) in texts)
        {
            var (line, error) = ReadLine(text, number, endpoint);
            if (line is not null && !seen.Add(line.CustomId)) error = BatchErrors.DuplicateCustomId(number);
            if (line is not null && error is null && ModelOf(line.Body) is { } model)
            {
                batchModel ??= model;
                if (model != batchModel) error = BatchErrors.ModelMismatch(number);
            }
            if (error is null) lines.Add(line!);
            else if (errors.Count < MaxErrors) errors.Add(error);
        }
        return (lines, errors);
    }

    private static (BatchLine? Line, BatchError? Error) ReadLine(string text, int number, string endpoint)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, BatchErrors.InvalidJsonLine(number));
        }
        if (root.ValueKind != JsonValueKind.Object) return (null, BatchErrors.InvalidJsonLine(number));
        if (StringField(root, "custom_id", number, out var customId) is { } badId) return (null, badId);
        if (StringField(root, "method", number, out var method) is { } badMethod) return (null, badMethod);
        if (method != "POST") return (null, BatchErrors.InvalidValue("method", method, "POST", number));
        if (StringField(root, "url", number, out var url) is { } badUrl) return (null, badUrl);
        if (url != endpoint) return (null, BatchErrors.UrlMismatch(number));
        if (!root.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null) return (null, BatchErrors.Missing("body", number));
        if (body.ValueKind != JsonValueKind.Object) return (null, BatchErrors.InvalidType("body", "an object", number));
        return (new BatchLine(number, customId, body), null);
    }

    private static BatchError? StringField(JsonElement root, string name, int number, out string value)
    {
        value = "";
        if (!root.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null) return BatchErrors.Missing(name, number);
        if (field.ValueKind != JsonValueKind.String) return BatchErrors.InvalidType(name, "a string", number);
        value = field.GetString()!;
        return null;
    }

    private static string? ModelOf(JsonElement body) =>
        body.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;
}
