using System.Text.Json;
using Aimo.Core.Classification;
using Microsoft.Extensions.AI;

namespace Aimo.Core.Prompting;

/// <summary>
/// The JSON schema of the answer, generated from <see cref="ClassificationResponse"/> and made
/// strict-mode compatible: every property required, no additional properties, enums listed.
/// </summary>
public static class ClassificationSchema
{
    public const string Name = "classification_response";
    public const string Description = "One classification result per signature id of the batch.";

    /// <summary>The schema.</summary>
    public static JsonElement Json { get; } = AIJsonUtilities.CreateJsonSchema(
        typeof(ClassificationResponse),
        description: Description,
        serializerOptions: AimoJson.Options,
        inferenceOptions: new AIJsonSchemaCreateOptions
        {
            TransformOptions = new AIJsonSchemaTransformOptions
            {
                RequireAllProperties = true,
                DisallowAdditionalProperties = true,
            },
        });

    /// <summary>The schema as compact text; what the token estimate counts.</summary>
    public static string Text { get; } = Json.GetRawText();

    /// <summary>A response format for <see cref="ChatOptions.ResponseFormat"/> that asks for this schema.</summary>
    public static ChatResponseFormatJson ResponseFormat { get; } = ChatResponseFormat.ForJsonSchema(Json, Name, Description);
}
