namespace Aimo.LlmSimulator.Classification;

/// <summary>The parts of a prompt signature the rules look at.</summary>
public sealed record PromptSignature(string Id, string? Method, string Host, string Path);
