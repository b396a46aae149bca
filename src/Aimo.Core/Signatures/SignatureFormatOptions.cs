using System.ComponentModel.DataAnnotations;

namespace Aimo.Core.Signatures;

/// <summary>Options of <see cref="SignatureFormatter"/>, bound from <c>Aimo:Signatures</c>.</summary>
public sealed class SignatureFormatOptions
{
    public const string SectionName = "Aimo:Signatures";

    /// <summary>
    /// Default per-signature maximum. Larger than the batch's 8,000 sample chars on purpose:
    /// a long signature still forms a batch of its own, as the design document says.
    /// </summary>
    public const int DefaultMaxChars = 32_000;

    /// <summary>Minimum accepted maximum: room for id, host, path and a truncation marker.</summary>
    public const int MinMaxChars = 1_000;

    [Range(MinMaxChars, 10_000_000)]
    public int MaxChars { get; set; } = DefaultMaxChars;
}
