using Aimo.Core.Prompting;
using Aimo.Core.Tokens;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Aimo.Worker.Llm;

/// <summary>
/// The request options for one model: what every call sends, and the output room and estimate it needs. The static
/// start of each call — system prompt (of its <see cref="Layout"/>) and schema — is byte-identical across calls, so a
/// provider that caches prompts reads it from its cache.
/// </summary>
public sealed class ModelRequest(string model, ModelRequestSettings settings, PromptLayout layout = PromptLayout.Compact)
{
    public string Model { get; } = model;

    public ModelRequestSettings Settings { get; } = settings;

    public PromptLayout Layout { get; } = layout;

    public string SystemPrompt => ClassificationPrompt.SystemPromptFor(Layout);

    /// <summary>One key per prompt layout: every call with the same static start shares the provider's cache.</summary>
    public string PromptCacheKey => $"aimo-classify-{(Layout == PromptLayout.FewShot ? "few-shot" : "compact")}";

    /// <summary>The model's request, with its configured layout (compact unless configured: measured cheaper, see README).</summary>
    public static ModelRequest For(string model, ModelRequestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ModelRequest(model, settings, settings.PromptLayout ?? PromptLayout.Compact);
    }

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
        if (Settings.SendPromptCacheKey)
        {
            var key = PromptCacheKey;
            // The OpenAI library has no property for prompt_cache_key yet: the request body is patched. The factory's
            // options are the base the client fills from ChatOptions, so everything else is sent as before.
#pragma warning disable SCME0001 // JsonPatch is experimental in System.ClientModel.
            options.RawRepresentationFactory = _ =>
            {
                var raw = new ChatCompletionOptions();
                raw.Patch.Set("$.prompt_cache_key"u8, key);
                return raw;
            };
#pragma warning restore SCME0001
        }
        return options;
    }
}
