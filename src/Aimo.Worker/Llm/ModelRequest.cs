using Aimo.Core.Prompting;
using Aimo.Core.Tokens;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Llm;

/// <summary>The request options for one model: what every call sends, and the output room and estimate it needs.</summary>
public sealed class ModelRequest(string model, ModelRequestSettings settings)
{
    public string Model { get; } = model;

    public ModelRequestSettings Settings { get; } = settings;

    /// <summary>The design's output estimate (150 per signature) plus the model's reasoning allowance.</summary>
    public int EstimatedOutputTokens(int signatures) => (signatures * TokenEstimator.OutputTokensPerSignature) + Settings.ReasoningTokens;

    /// <param name="learnedPerSignature">The learned output per signature (<see cref="IOutputCap"/>); null asks for the design's room.</param>
    public ChatOptions Options(int signatures, double? learnedPerSignature = null)
    {
        var options = new ChatOptions
        {
            ModelId = Model,
            Temperature = Settings.Temperature,
            ResponseFormat = ClassificationSchema.ResponseFormat,
            // Charged in full at the provider's admission; a cut-off answer costs a split and a resend, never a result.
            MaxOutputTokens = OutputCapPolicy.MaxOutputTokens(signatures, learnedPerSignature, Settings.ReasoningTokens),
        };
        if (Settings.ReasoningEffort is { } effort)
        {
            options.Reasoning = new ReasoningOptions { Effort = effort };
        }
        if (Settings.Strict)
        {
            // Microsoft.Extensions.AI's OpenAI client sends "strict": true only when asked this way.
            (options.AdditionalProperties ??= [])["strict"] = true;
        }
        return options;
    }
}
