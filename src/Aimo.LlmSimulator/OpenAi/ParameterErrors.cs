namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// The real API's 400s for bad parameters, with its wording, <c>param</c> and <c>code</c>
/// (e.g. <c>"Invalid 'n': integer above maximum value. Expected a value &lt;= 128, but got 130 instead."</c>).
/// </summary>
public static class ParameterErrors
{
    public static OpenAiErrorResponse ParseFailure(string detail) => OpenAiErrors.InvalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library "
        + $"correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. {detail})");

    public static OpenAiErrorResponse NotAnObject() =>
        OpenAiErrors.InvalidRequest("Invalid type for request body: expected an object.", code: "invalid_type");

    /// <summary>The chat-completions wording for a top-level name it does not know: no <c>param</c>, no <c>code</c>.</summary>
    public static OpenAiErrorResponse Unrecognized(string name) =>
        OpenAiErrors.InvalidRequest($"Unrecognized request argument supplied: {name}");

    public static OpenAiErrorResponse ModelMissing() => OpenAiErrors.InvalidRequest("you must provide a model parameter");

    public static OpenAiErrorResponse Missing(string param) =>
        OpenAiErrors.InvalidRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static OpenAiErrorResponse EmptyArray(string param) => OpenAiErrors.InvalidRequest(
        $"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.", param, "empty_array");

    /// <param name="expected">"a decimal", "an integer", "a boolean", "a string", "an object", "an array".</param>
    public static OpenAiErrorResponse InvalidType(string param, string expected, string got) => OpenAiErrors.InvalidRequest(
        $"Invalid type for '{param}': expected {expected}, but got {got} instead.", param, "invalid_type");

    /// <param name="kind">"decimal" or "integer".</param>
    public static OpenAiErrorResponse BelowMinimum(string param, string kind, string minimum, string value) => OpenAiErrors.InvalidRequest(
        $"Invalid '{param}': {kind} below minimum value. Expected a value >= {minimum}, but got {value} instead.", param, $"{kind}_below_min_value");

    public static OpenAiErrorResponse AboveMaximum(string param, string kind, string maximum, string value) => OpenAiErrors.InvalidRequest(
        $"Invalid '{param}': {kind} above maximum value. Expected a value <= {maximum}, but got {value} instead.", param, $"{kind}_above_max_value");

    public static OpenAiErrorResponse InvalidValue(string param, string value, IReadOnlyList<string> supported) => OpenAiErrors.InvalidRequest(
        $"Invalid value: '{value}'. Supported values are: {Quoted(supported)}.", param, "invalid_value");

    /// <summary>A value the spec allows but this model does not, e.g. <c>temperature</c> 0 on a reasoning model.</summary>
    public static OpenAiErrorResponse UnsupportedValue(string param, string value, string supported) => OpenAiErrors.InvalidRequest(
        $"Unsupported value: '{param}' does not support {value} with this model. {supported}", param, "unsupported_value");

    public static OpenAiErrorResponse UnsupportedParameter(string param, string? instead = null) => OpenAiErrors.InvalidRequest(
        $"Unsupported parameter: '{param}' is not supported with this model." + (instead is null ? "" : $" Use '{instead}' instead."),
        param, "unsupported_parameter");

    public static OpenAiErrorResponse StreamOptionsWithoutStream() => OpenAiErrors.InvalidRequest(
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");

    /// <summary>A schema that strict structured outputs refuse; <paramref name="context"/> is the path, as a Python tuple.</summary>
    public static OpenAiErrorResponse InvalidSchema(string name, string context, string problem) => OpenAiErrors.InvalidRequest(
        $"Invalid schema for response_format '{name}': In context={context}, {problem}", "response_format");

    public static OpenAiErrorResponse SchemaRootNotObject(string name, string got) => OpenAiErrors.InvalidRequest(
        $"Invalid schema for response_format '{name}': schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{got}\"'.",
        "response_format");

    public static OpenAiErrorResponse InvalidSchemaName(string name) => OpenAiErrors.InvalidRequest(
        $"Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern "
        + $"'^[a-zA-Z0-9_-]+$', but got '{name}' instead.", "response_format.json_schema.name", "invalid_value");

    /// <summary>"'low', 'medium', and 'high'" — the real API's list style.</summary>
    public static string Quoted(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        1 => $"'{values[0]}'",
        2 => $"'{values[0]}' and '{values[1]}'",
        _ => string.Join(", ", values.Take(values.Count - 1).Select(v => $"'{v}'")) + $", and '{values[^1]}'",
    };
}
