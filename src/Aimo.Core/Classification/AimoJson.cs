using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Aimo.Core.Classification;

/// <summary>
/// The one set of JSON options for the answer format: camelCase properties, snake_case lower enums
/// (<c>ai_service</c>, <c>high</c>). Everyone (de)serializing <see cref="ClassificationResponse"/> uses it.
/// </summary>
public static class AimoJson
{
    /// <summary>Read-only shared options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The wire name of a category, e.g. <c>ai_service</c>.</summary>
    public static string ToWire(Category category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    /// <summary>The wire name of a risk level, e.g. <c>critical</c>.</summary>
    public static string ToWire(RiskLevel risk) => JsonNamingPolicy.SnakeCaseLower.ConvertName(risk.ToString());

    /// <summary>Parses a wire name (exact, lower case); false for anything else, including numbers.</summary>
    public static bool TryParseCategory(string? text, out Category category) => WireNames<Category>.TryParse(text, out category);

    /// <summary>Parses a wire name (exact, lower case); false for anything else, including numbers.</summary>
    public static bool TryParseRisk(string? text, out RiskLevel risk) => WireNames<RiskLevel>.TryParse(text, out risk);

    private static class WireNames<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>()
            .ToDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), StringComparer.Ordinal);

        public static bool TryParse(string? text, out T value) => ByName.TryGetValue(text ?? "", out value);
    }
}
