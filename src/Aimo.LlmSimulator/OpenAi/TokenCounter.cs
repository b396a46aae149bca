using Microsoft.ML.Tokenizers;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// Counts tokens with o200k (the gpt-4o encoding), the same one the worker estimates with, so simulated
/// usage is comparable with the worker's estimate. Loading the vocabulary is costly: one instance per process.
/// </summary>
public sealed class TokenCounter
{
    // Per-message framing overhead from OpenAI's token-counting guide for gpt-4o-class models; the worker's rate
    // limiter charges the same, so both sides count one request alike.
    private const int TokensPerMessage = Aimo.Core.Tokens.TokenEstimator.ChatTokensPerMessage;
    private const int ReplyPriming = Aimo.Core.Tokens.TokenEstimator.ChatReplyPriming;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    public int Count(string text) => _tokenizer.CountTokens(text);

    public int[] Encode(string text) => [.. _tokenizer.EncodeToIds(text)];

    public int CountPrompt(IEnumerable<ChatMessageRequest> messages) =>
        ReplyPriming + messages.Sum(m => TokensPerMessage + Count(m.Role ?? "") + Count(m.Text()));

    /// <summary>The longest prefix of <paramref name="text"/> that fits in <paramref name="maxTokens"/>.</summary>
    public string Truncate(string text, int maxTokens)
    {
        var index = _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return text[..index];
    }
}
