using System.Text.Json;

namespace Aimo.LlmSimulator.Validation;

/// <summary>How the real API names JSON types in "expected X, but got Y" messages, and what matches each.</summary>
public static class JsonKinds
{
    public static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.String => "a string",
        JsonKind.Integer => "an integer",
        JsonKind.Decimal => "a decimal",
        JsonKind.Boolean => "a boolean",
        JsonKind.Object => "an object",
        _ => "an array",
    };

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "an integer" : "a decimal",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    public static bool Matches(JsonElement value, JsonKind kind) => kind switch
    {
        JsonKind.String => value.ValueKind == JsonValueKind.String,
        // An integer parameter takes 3 but not 3.5; a decimal takes both.
        JsonKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        JsonKind.Decimal => value.ValueKind == JsonValueKind.Number,
        JsonKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        JsonKind.Object => value.ValueKind == JsonValueKind.Object,
        _ => value.ValueKind == JsonValueKind.Array,
    };
}
