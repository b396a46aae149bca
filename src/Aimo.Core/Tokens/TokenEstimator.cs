using Aimo.Core.Prompting;
using Microsoft.ML.Tokenizers;

namespace Aimo.Core.Tokens;

/// <summary>
/// The design document's estimate: <c>input ≈ system_prompt_tokens + schema_tokens + sample_chars / 4</c>,
/// <c>output ≈ count × 150</c>. The system-prompt and schema token counts are measured once, with the
/// o200k tokenizer (GPT-4o family), from the real texts. Thread-safe.
/// </summary>
public sealed class TokenEstimator
{
    public const int OutputTokensPerSignature = 150;
    public const int CharsPerToken = 4;

    // One o200k tokenizer (its vocabulary is tens of MB) for both layouts' shared estimators.
    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));
    private static readonly Lazy<TokenEstimator> LazyDefault = new(() => new TokenEstimator(
        SharedTokenizer.Value, ClassificationPrompt.SystemPrompt, ClassificationSchema.Text));
    private static readonly Lazy<TokenEstimator> LazyFewShot = new(() => new TokenEstimator(
        SharedTokenizer.Value, ClassificationPrompt.FewShotSystemPrompt, ClassificationSchema.Text));

    private readonly Tokenizer _tokenizer;

    /// <summary>Loads the o200k tokenizer (a few hundred ms); prefer <see cref="Default"/>.</summary>
    public TokenEstimator()
        : this(TiktokenTokenizer.CreateForModel("gpt-4o"), ClassificationPrompt.SystemPrompt, ClassificationSchema.Text)
    {
    }

    /// <summary>For other tokenizers or prompt texts.</summary>
    public TokenEstimator(Tokenizer tokenizer, string systemPrompt, string schemaText)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        SystemPromptTokens = CountExact(systemPrompt);
        SchemaTokens = CountExact(schemaText);
    }

    /// <summary>Shared instance over <see cref="ClassificationPrompt.SystemPrompt"/> and <see cref="ClassificationSchema.Text"/>.</summary>
    public static TokenEstimator Default => LazyDefault.Value;

    /// <summary>The shared instance over the system prompt of <paramref name="layout"/>.</summary>
    public static TokenEstimator For(PromptLayout layout) => layout == PromptLayout.FewShot ? LazyFewShot.Value : Default;

    public int SystemPromptTokens { get; }

    public int SchemaTokens { get; }

    /// <summary>The tokens every call starts with, byte for byte: system prompt and schema.</summary>
    public int StaticPrefixTokens => SystemPromptTokens + SchemaTokens;

    /// <summary>The estimate for a batch of <paramref name="signatureCount"/> signatures totalling <paramref name="sampleChars"/>.</summary>
    public TokenEstimate Estimate(int signatureCount, int sampleChars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(signatureCount);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleChars);
        return new TokenEstimate(
            SystemPromptTokens + SchemaTokens + (sampleChars / CharsPerToken),
            signatureCount * OutputTokensPerSignature);
    }

    /// <summary>Exact o200k token count of <paramref name="text"/>.</summary>
    public int CountExact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.CountTokens(text);
    }

    /// <summary>
    /// Exact tokens of a whole request's texts: system prompt + user prompt + schema. Chat-format
    /// framing (a few tokens per message) is not included; compare with the provider's usage to see it.
    /// </summary>
    public int CountRequest(string userPrompt) => SystemPromptTokens + SchemaTokens + CountExact(userPrompt);

    /// <summary>
    /// Prompt tokens of a chat request as OpenAI counts them: each message's role and text plus 3 tokens of framing,
    /// and 3 that prime the reply. This (with the output limit) is what a provider's token rate limit charges.
    /// </summary>
    public int CountChat(IEnumerable<(string Role, string Text)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ChatReplyPriming + messages.Sum(m => ChatTokensPerMessage + CountExact(m.Role) + CountExact(m.Text));
    }

    public const int ChatTokensPerMessage = 3;
    public const int ChatReplyPriming = 3;
}
