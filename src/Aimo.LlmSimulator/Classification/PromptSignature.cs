namespace Aimo.LlmSimulator.Classification;

/// <summary>The parts of a prompt signature the rules look at; the samples only matter to a model that obeys them.</summary>
public sealed record PromptSignature(string Id, string? Method, string Host, string Path, IReadOnlyList<string>? Samples = null);
