namespace Aimo.Core.Signatures;

/// <summary>
/// One signature as it appears in the prompt: a single line of JSON. Its length is the signature's
/// <em>sample chars</em>, the measure the batch planner and the token estimate use.
/// </summary>
/// <param name="Id">The signature id.</param>
/// <param name="Text">The prompt line (never contains a line break).</param>
/// <param name="Truncated">True when samples were dropped or shortened to respect the per-signature maximum.</param>
public sealed record FormattedSignature(string Id, string Text, bool Truncated)
{
    /// <summary>Length of <see cref="Text"/> in UTF-16 chars.</summary>
    public int SampleChars => Text.Length;
}
