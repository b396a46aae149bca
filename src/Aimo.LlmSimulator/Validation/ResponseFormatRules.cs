using System.Text.Json;
using System.Text.RegularExpressions;
using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Validation;

/// <summary><c>response_format</c>: a known type, a named <c>json_schema</c>, and a schema strict mode accepts.</summary>
public static partial class ResponseFormatRules
{
    private static readonly string[] Types = ["json_object", "json_schema", "text"];

    public static OpenAiErrorResponse? Problem(ResponseFormatRequest? format)
    {
        if (format is null) return null;
        if (format.Type is null) return ParameterErrors.Missing("response_format.type");
        if (!Types.Contains(format.Type)) return ParameterErrors.InvalidValue("response_format.type", format.Type, Types);
        if (format.Type != "json_schema") return null;

        if (format.JsonSchema is not { ValueKind: JsonValueKind.Object } jsonSchema)
            return ParameterErrors.Missing("response_format.json_schema");
        if (!jsonSchema.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            return ParameterErrors.Missing("response_format.json_schema.name");
        var name = nameElement.GetString()!;
        if (!ValidName().IsMatch(name)) return ParameterErrors.InvalidSchemaName(name);

        var strict = jsonSchema.TryGetProperty("strict", out var s) && s.ValueKind == JsonValueKind.True;
        if (!strict || !jsonSchema.TryGetProperty("schema", out var schema)) return null;
        return StrictSchemaChecker.Problem(name, schema);
    }

    // The spec: "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidName();
}
