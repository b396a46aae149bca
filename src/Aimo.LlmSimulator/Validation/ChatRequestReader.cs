using System.Text.Json;
using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Validation;

/// <summary>
/// Reads a chat-completions body in the order the real API checks it: valid JSON, an object, only known
/// parameter names, the right JSON type for each parameter the simulator reads. Range and model rules come
/// after, in <see cref="ChatRequestValidator"/>.
/// </summary>
public static class ChatRequestReader
{
    private static readonly (string Name, JsonKind Kind)[] Types =
    [
        ("model", JsonKind.String), ("messages", JsonKind.Array), ("temperature", JsonKind.Decimal), ("top_p", JsonKind.Decimal),
        ("n", JsonKind.Integer), ("max_tokens", JsonKind.Integer), ("max_completion_tokens", JsonKind.Integer),
        ("seed", JsonKind.Integer), ("stream", JsonKind.Boolean), ("stream_options", JsonKind.Object),
        ("response_format", JsonKind.Object), ("reasoning_effort", JsonKind.String),
    ];

    public static async Task<(ChatCompletionRequest? Request, OpenAiErrorResponse? Error)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, ParameterErrors.ParseFailure(ex.Message));
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>An already parsed body: a line of a batch input file.</summary>
    public static (ChatCompletionRequest? Request, OpenAiErrorResponse? Error) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return (null, ParameterErrors.NotAnObject());
        if (FirstProblem(root) is { } problem) return (null, problem);
        // Cannot fail on the checked fields; a field the simulator does not read is never bound.
        return (root.Deserialize<ChatCompletionRequest>(OpenAiJson.Options), null);
    }

    private static OpenAiErrorResponse? FirstProblem(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!KnownParameters.All.Contains(property.Name)) return ParameterErrors.Unrecognized(property.Name);
        }
        foreach (var (name, kind) in Types)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && !JsonKinds.Matches(value, kind))
                return ParameterErrors.InvalidType(name, JsonKinds.Describe(kind), JsonKinds.Describe(value));
        }
        return root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
            ? MessagesProblem(messages)
            : null;
    }

    private static readonly string[] Roles = ["system", "assistant", "user", "function", "tool", "developer"];

    private static OpenAiErrorResponse? MessagesProblem(JsonElement messages)
    {
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
                return ParameterErrors.InvalidType(path, JsonKinds.Describe(JsonKind.Object), JsonKinds.Describe(message));
            if (!message.TryGetProperty("role", out var role) || role.ValueKind == JsonValueKind.Null)
                return ParameterErrors.Missing($"{path}.role");
            if (role.ValueKind != JsonValueKind.String)
                return ParameterErrors.InvalidType($"{path}.role", JsonKinds.Describe(JsonKind.String), JsonKinds.Describe(role));
            if (!Roles.Contains(role.GetString()))
                return ParameterErrors.InvalidValue($"{path}.role", role.GetString()!, Roles);
        }
        return null;
    }
}
