namespace Aimo.Core.Signatures;

/// <summary>A signature read back out of a prompt's <c>&lt;signatures&gt;</c> block by <see cref="SignatureBlock.Parse"/>.</summary>
public sealed record SignatureEntry(
    string Id,
    string? Method,
    string Host,
    string Path,
    IReadOnlyList<string> Samples,
    bool Truncated);
