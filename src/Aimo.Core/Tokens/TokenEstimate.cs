namespace Aimo.Core.Tokens;

/// <summary>Estimated tokens of one LLM request, made before sending it.</summary>
public readonly record struct TokenEstimate(int InputTokens, int OutputTokens);
