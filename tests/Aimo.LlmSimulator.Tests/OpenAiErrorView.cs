namespace Aimo.LlmSimulator.Tests;

/// <summary>The fields of an OpenAI <c>error</c> object.</summary>
public sealed record OpenAiErrorView(string Message, string Type, string? Param, string? Code);
