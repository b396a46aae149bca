using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>OpenAI's wire conventions: snake_case names, nulls written (clients expect <c>"refusal": null</c>).</summary>
public static class OpenAiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
