using System.Text;
using System.Text.Json;

namespace Aimo.Core.Validation;

/// <summary>Finds the JSON object in a model's text: plain, inside a code fence, or after leading prose.</summary>
internal static class JsonExtraction
{
    /// <summary>Candidates to try, best first: the whole text, a fence's content, the outermost <c>{...}</c>.</summary>
    public static IEnumerable<string> Candidates(string text)
    {
        var trimmed = text.Trim();
        yield return trimmed;
        var fence = trimmed.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var lineEnd = trimmed.IndexOf('\n', fence);
            if (lineEnd >= 0)
            {
                var close = trimmed.IndexOf("```", lineEnd, StringComparison.Ordinal);
                yield return (close >= 0 ? trimmed[(lineEnd + 1)..close] : trimmed[(lineEnd + 1)..]).Trim();
            }
        }
        var first = trimmed.IndexOf('{');
        var last = trimmed.LastIndexOf('}');
        if (first >= 0 && last > first)
        {
            yield return trimmed[first..(last + 1)];
        }
        else if (first >= 0)
        {
            yield return trimmed[first..]; // cut off before its end: only salvage can use it
        }
    }

    /// <summary>
    /// Complete items of the <c>results</c> array of a cut-off answer. The reader stops at the end
    /// of the data; every item closed before that is returned as its own document.
    /// </summary>
    public static List<JsonDocument> SalvageItems(string candidate)
    {
        var items = new List<JsonDocument>();
        var bytes = Encoding.UTF8.GetBytes(candidate);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        var inResults = false;
        long itemStart = -1;
        try
        {
            while (reader.Read())
            {
                if (!inResults)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("results"))
                    {
                        inResults = reader.Read() && reader.TokenType == JsonTokenType.StartArray;
                    }
                    continue;
                }
                if (reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject)
                {
                    itemStart = reader.TokenStartIndex;
                }
                else if (reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.EndObject && itemStart >= 0)
                {
                    var end = reader.BytesConsumed;
                    items.Add(JsonDocument.Parse(bytes.AsMemory((int)itemStart, (int)(end - itemStart))));
                    itemStart = -1;
                }
                else if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed before the cut: keep what was complete.
        }
        return items;
    }
}
