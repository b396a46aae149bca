using System.Text;
using System.Text.Json;
using Aimo.Core.Classification;

namespace Aimo.Core.Validation;

/// <summary>
/// Checks a model's answer against the batch it was for. Keeps every valid item, rejects ids that
/// were not in the batch, and says for each other id why it has no result.
/// </summary>
public static class ResponseValidator
{
    public static ValidationReport Validate(IReadOnlyList<string> expectedIds, string? rawText, string? finishReason)
    {
        ArgumentNullException.ThrowIfNull(expectedIds);
        var expected = expectedIds.Distinct(StringComparer.Ordinal).ToList();
        var truncated = string.Equals(finishReason, "length", StringComparison.OrdinalIgnoreCase);
        var collector = new ItemCollector(expected);

        if (string.IsNullOrWhiteSpace(rawText))
        {
            return collector.Finish(truncated ? FailureReason.Truncated : FailureReason.InvalidJson,
                "The response was empty.", truncated, jsonError: "The response was empty.");
        }

        if (!TryParseResults(rawText, out var results, out var error))
        {
            if (truncated)
            {
                // A cut-off answer still holds the items closed before the cut.
                foreach (var candidate in JsonExtraction.Candidates(rawText).Reverse())
                {
                    var salvaged = JsonExtraction.SalvageItems(candidate);
                    if (salvaged.Count > 0)
                    {
                        foreach (var item in salvaged)
                        {
                            using (item)
                            {
                                collector.Add(item.RootElement);
                            }
                        }
                        break;
                    }
                }
            }
            return collector.Finish(truncated ? FailureReason.Truncated : FailureReason.InvalidJson, error, truncated, jsonError: error);
        }

        using (results)
        {
            foreach (var item in results!.RootElement.GetProperty("results").EnumerateArray())
            {
                collector.Add(item);
            }
        }
        return collector.Finish(
            truncated ? FailureReason.Truncated : FailureReason.Missing,
            truncated ? "The response was cut off before this id." : "The response has no result for this id.",
            truncated,
            jsonError: null);
    }

    private static bool TryParseResults(string rawText, out JsonDocument? document, out string error)
    {
        error = "The response is not JSON.";
        foreach (var candidate in JsonExtraction.Candidates(rawText))
        {
            try
            {
                // Via UTF-8 bytes: a lone surrogate becomes U+FFFD instead of an ArgumentException.
                var parsed = JsonDocument.Parse(Encoding.UTF8.GetBytes(candidate));
                if (parsed.RootElement.ValueKind == JsonValueKind.Object
                    && parsed.RootElement.TryGetProperty("results", out var array)
                    && array.ValueKind == JsonValueKind.Array)
                {
                    document = parsed;
                    return true;
                }
                parsed.Dispose();
                error = "The JSON is not an object with a \"results\" array.";
            }
            catch (JsonException ex)
            {
                error = $"Invalid JSON: {ex.Message}";
            }
        }
        document = null;
        return false;
    }
}
