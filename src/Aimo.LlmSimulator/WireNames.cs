using System.Text.Json;

namespace Aimo.LlmSimulator;

/// <summary>snake_case names of enums as they appear on the wire (<c>ai_service</c>, <c>invalid_json</c>).</summary>
public static class WireNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
