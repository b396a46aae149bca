using System.Net;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// One row per rule the real API enforces on <c>POST /v1/chat/completions</c>: status, <c>error.type</c>,
/// <c>error.param</c>, <c>error.code</c> and the wording. Every error body is also checked against the spec's
/// ErrorResponse schema. <c>$messages</c> is a valid message list.
/// </summary>
public sealed class RequestValidationTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private const string Strict = """
        "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":
        """;

    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, int, string?, string?, string> Rules => new()
    {
        // name, body, status, param, code, message (the whole of it or a distinctive part)
        { "model missing", """{"messages":$messages}""", 400, null, null, "you must provide a model parameter" },
        { "model unknown", """{"model":"gpt-4o-mni","messages":$messages}""", 404, null, "model_not_found",
            "The model `gpt-4o-mni` does not exist or you do not have access to it." },
        { "model ids are case-sensitive", """{"model":"GPT-4o-mini","messages":$messages}""", 404, null, "model_not_found", "`GPT-4o-mini`" },
        { "messages missing", """{"model":"aimo-sim-1"}""", 400, "messages", "missing_required_parameter", "Missing required parameter: 'messages'." },
        { "messages empty", """{"model":"aimo-sim-1","messages":[]}""", 400, "messages", "empty_array",
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead." },
        { "message role unknown", """{"model":"aimo-sim-1","messages":[{"role":"bot","content":"hi"}]}""", 400, "messages[0].role", "invalid_value",
            "Invalid value: 'bot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'." },
        { "unknown parameter", """{"model":"aimo-sim-1","messages":$messages,"foo":1}""", 400, null, null, "Unrecognized request argument supplied: foo" },
        { "camelCase parameter", """{"model":"aimo-sim-1","messages":$messages,"maxTokens":10}""", 400, null, null, "Unrecognized request argument supplied: maxTokens" },
        { "temperature above 2", """{"model":"aimo-sim-1","messages":$messages,"temperature":3}""", 400, "temperature", "decimal_above_max_value",
            "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead." },
        { "temperature below 0", """{"model":"aimo-sim-1","messages":$messages,"temperature":-0.5}""", 400, "temperature", "decimal_below_min_value",
            "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -0.5 instead." },
        { "temperature not a number", """{"model":"aimo-sim-1","messages":$messages,"temperature":"low"}""", 400, "temperature", "invalid_type",
            "Invalid type for 'temperature': expected a decimal, but got a string instead." },
        { "top_p above 1", """{"model":"aimo-sim-1","messages":$messages,"top_p":1.5}""", 400, "top_p", "decimal_above_max_value", "Expected a value <= 1, but got 1.5 instead." },
        { "top_p below 0", """{"model":"aimo-sim-1","messages":$messages,"top_p":-0.1}""", 400, "top_p", "decimal_below_min_value", "Expected a value >= 0, but got -0.1 instead." },
        { "n below 1", """{"model":"aimo-sim-1","messages":$messages,"n":0}""", 400, "n", "integer_below_min_value",
            "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead." },
        { "n above 128", """{"model":"aimo-sim-1","messages":$messages,"n":130}""", 400, "n", "integer_above_max_value",
            "Invalid 'n': integer above maximum value. Expected a value <= 128, but got 130 instead." },
        { "n not an integer", """{"model":"aimo-sim-1","messages":$messages,"n":1.5}""", 400, "n", "invalid_type", "expected an integer, but got a decimal instead." },
        { "max_tokens below 1", """{"model":"aimo-sim-1","messages":$messages,"max_tokens":0}""", 400, "max_tokens", "integer_below_min_value", "Expected a value >= 1, but got 0 instead." },
        { "max_completion_tokens below 1", """{"model":"aimo-sim-1","messages":$messages,"max_completion_tokens":-5}""", 400, "max_completion_tokens", "integer_below_min_value", "got -5 instead." },
        { "stream_options without stream", """{"model":"aimo-sim-1","messages":$messages,"stream_options":{"include_usage":true}}""", 400, "stream_options", null,
            "The 'stream_options' parameter is only allowed when 'stream' is enabled." },
        { "response_format type unknown", """{"model":"aimo-sim-1","messages":$messages,"response_format":{"type":"xml"}}""", 400, "response_format.type", "invalid_value",
            "Invalid value: 'xml'. Supported values are: 'json_object', 'json_schema', and 'text'." },
        { "json_schema without name", """{"model":"aimo-sim-1","messages":$messages,"response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}}""",
            400, "response_format.json_schema.name", "missing_required_parameter", "Missing required parameter: 'response_format.json_schema.name'." },
        { "json_schema name with spaces", """{"model":"aimo-sim-1","messages":$messages,"response_format":{"type":"json_schema","json_schema":{"name":"my answer"}}}""",
            400, "response_format.json_schema.name", "invalid_value", "string does not match pattern" },
        { "strict: root without additionalProperties", "{\"model\":\"aimo-sim-1\",\"messages\":$messages," + Strict
            + """{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}}}""", 400, "response_format", null,
            "Invalid schema for response_format 'answer': In context=(), 'additionalProperties' is required to be supplied and to be false." },
        { "strict: nested property not required", "{\"model\":\"aimo-sim-1\",\"messages\":$messages," + Strict
            + """{"type":"object","additionalProperties":false,"required":["results"],"properties":{"results":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["id"],"properties":{"id":{"type":"string"},"risk":{"type":"string"}}}}}}}}}""",
            400, "response_format", null,
            "In context=('properties', 'results', 'items'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'risk'." },
        { "strict: nested object allowing extra properties", "{\"model\":\"aimo-sim-1\",\"messages\":$messages," + Strict
            + """{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"anyOf":[{"type":"object","properties":{},"additionalProperties":true},{"type":"null"}]}}}}}}""",
            400, "response_format", null, "In context=('properties', 'a', 'anyOf', 0), 'additionalProperties' is required to be supplied and to be false." },
        { "strict: root not an object", "{\"model\":\"aimo-sim-1\",\"messages\":$messages," + Strict + """{"type":"array","items":{"type":"string"}}}}}""",
            400, "response_format", null, "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"array\"'." },
        { "reasoning model: temperature 0", """{"model":"o4-mini","messages":$messages,"temperature":0}""", 400, "temperature", "unsupported_value",
            "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported." },
        { "reasoning model: max_tokens", """{"model":"gpt-5-mini","messages":$messages,"max_tokens":100}""", 400, "max_tokens", "unsupported_parameter",
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." },
        { "reasoning model: effort outside the spec", """{"model":"o4-mini","messages":$messages,"reasoning_effort":"extreme"}""", 400, "reasoning_effort", "invalid_value",
            "Invalid value: 'extreme'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'." },
        { "reasoning model: effort the model does not take", """{"model":"o4-mini","messages":$messages,"reasoning_effort":"minimal"}""", 400, "reasoning_effort", "unsupported_value",
            "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'." },
        { "non-reasoning model: reasoning_effort", """{"model":"gpt-4o-mini","messages":$messages,"reasoning_effort":"low"}""", 400, "reasoning_effort", "unsupported_parameter",
            "Unsupported parameter: 'reasoning_effort' is not supported with this model." },
        { "body not JSON", """{"model":"aimo-sim-1","messages":""", 400, null, null, "We could not parse the JSON body of your request." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task A_rule_broken_gets_the_real_APIs_error(string rule, string body, int status, string? param, string? code, string message)
    {
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.PostChatAsync(Wire.Body(body));

        Assert.True(status == (int)response.StatusCode, $"{rule}: expected {status}, got {(int)response.StatusCode}");
        var error = await response.ErrorAsync();
        Assert.Equal(("invalid_request_error", param, code), (error.Type, error.Param, error.Code));
        Assert.Contains(message, error.Message);
    }

    public static TheoryData<string, string> Accepted => new()
    {
        { "the base request", """{"model":"aimo-sim-1","messages":$messages}""" },
        { "boundaries of the ranges", """{"model":"aimo-sim-1","messages":$messages,"temperature":2,"top_p":0,"n":128,"max_tokens":1}""" },
        { "spec parameters the simulator ignores", """{"model":"gpt-4o-mini","messages":$messages,"user":"u1","store":false,"metadata":{"k":"v"},"seed":1,"stop":["x"]}""" },
        { "a non-strict schema may leave properties optional", """{"model":"aimo-sim-1","messages":$messages,"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object","properties":{"x":{"type":"string"}}}}}}""" },
        { "stream_options with stream", """{"model":"aimo-sim-1","messages":$messages,"stream":true,"stream_options":{"include_usage":true}}""" },
        { "reasoning model: the default temperature", """{"model":"o4-mini","messages":$messages,"temperature":1,"max_completion_tokens":5000}""" },
        { "reasoning model: an effort it takes", """{"model":"gpt-5-mini","messages":$messages,"reasoning_effort":"minimal"}""" },
        { "nulls mean not given", """{"model":"aimo-sim-1","messages":$messages,"temperature":null,"n":null,"reasoning_effort":null,"stream_options":null}""" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_request_within_the_rules_is_answered(string rule, string body)
    {
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.PostChatAsync(Wire.Body(body));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{rule}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Every_request_parameter_of_the_spec_is_recognised()
    {
        using var http = factory.CreateOpenAiHttpClient();

        foreach (var name in SpecSchemas.RequestParameters.Except(["model", "messages"]))
        {
            // null is "not given" for every optional parameter, so only an unrecognised name could fail.
            var response = await http.PostChatAsync(Wire.Request(extra: $",\"{name}\":null"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Refusals_are_counted_by_kind_in_stats()
    {
        using var http = factory.CreateOpenAiHttpClient();

        await http.PostChatAsync(Wire.Request(extra: ",\"temperature\":9"));
        await http.PostChatAsync(Wire.Request(extra: ",\"foo\":1"));
        await http.PostChatAsync(Wire.Request(model: "gpt-9"));
        await http.PostChatAsync(Wire.Request());

        var stats = await factory.StatsAsync();
        Assert.Equal(4, stats.GetProperty("total").GetInt64());
        Assert.Equal(2, stats.Outcome("bad_request"));
        Assert.Equal(1, stats.Outcome("model_not_found"));
        Assert.Equal(1, stats.Outcome("ok"));
    }
}
