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

    /// <summary>The name sent as <c>model</c>: the Azure deployment, else <see cref="Model"/>.</summary>
    public string SentModel { get; init; } = model;

    /// <summary>Sends the output cap as <c>max_tokens</c> (Ollama, llama.cpp, vLLM read it) rather than <c>max_completion_tokens</c>.</summary>
    public bool CapAsMaxTokens { get; init; }

    public string SystemPrompt => ClassificationPrompt.SystemPromptFor(Layout);

    /// <summary>One key per prompt layout: every call with the same static start shares the provider's cache.</summary>
    public string PromptCacheKey => $"aimo-classify-{(Layout == PromptLayout.FewShot ? "few-shot" : "compact")}";

    /// <summary>
    /// The request for the connection's model, with its configured layout (compact unless configured: measured
    /// cheaper, see README), sent the way its provider reads it.
    /// </summary>
    public static ModelRequest For(LlmConnection connection, LlmModelOptions options)
    {
        var settings = options.For(connection.Model);
        return new ModelRequest(connection.Model, settings, settings.PromptLayout ?? PromptLayout.Compact)
        {
            SentModel = connection.Deployment,
            CapAsMaxTokens = connection.Provider.CapsWithMaxTokens(),
        };
    }

    /// <summary>The design's output estimate (150 per signature) plus the model's reasoning allowance.</summary>
    public int EstimatedOutputTokens(int signatures) => (signatures * TokenEstimator.OutputTokensPerSignature) + Settings.ReasoningTokens;

    /// <param name="learnedPerSignature">The learned output per signature (<see cref="IOutputCap"/>); null asks for the design's room.</param>
    public ChatOptions Options(int signatures, double? learnedPerSignature = null)
    {
        var options = new ChatOptions
        {
            ModelId = SentModel,
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
        var cacheKey = Settings.SendPromptCacheKey ? PromptCacheKey : null;
        var maxTokens = CapAsMaxTokens ? options.MaxOutputTokens : null;
        if (cacheKey is not null || maxTokens is not null)
        {
            // The OpenAI library has no property for prompt_cache_key nor the older max_tokens: the request body is
            // patched. The factory's options are the base the client fills from ChatOptions, so everything else is
            // sent as before (MaxOutputTokens stays set: the rate limits and budget charge by it).
#pragma warning disable SCME0001 // JsonPatch is experimental in System.ClientModel.
            options.RawRepresentationFactory = _ =>
            {
                var raw = new ChatCompletionOptions();
                if (cacheKey is not null) raw.Patch.Set("$.prompt_cache_key"u8, cacheKey);
                if (maxTokens is { } cap)
                {
                    raw.Patch.Set("$.max_tokens"u8, cap);
                    raw.Patch.Remove("$.max_completion_tokens"u8);
                }
                return raw;
            };
#pragma warning restore SCME0001
        }
        return options;
    }
}
