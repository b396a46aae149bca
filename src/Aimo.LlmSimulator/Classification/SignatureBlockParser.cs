using System.Text.RegularExpressions;
using Aimo.Core.Signatures;

namespace Aimo.LlmSimulator.Classification;

/// <summary>
/// Finds the signatures a conversation asks about, reading blocks with Aimo.Core's
/// <see cref="SignatureBlock.Parse"/> so the simulator and the worker share one definition of the format.
/// </summary>
public static class SignatureBlockParser
{
    /// <summary>
    /// The signatures of the last user message that holds a block. When a later user message has no
    /// block (the worker's JSON re-ask lists the ids still needed in prose), only the ids it names are
    /// answered, as an obedient model would.
    /// </summary>
    public static IReadOnlyList<PromptSignature> ParseLast(IEnumerable<string> userMessages)
    {
        IReadOnlyList<PromptSignature> last = [];
        string? laterText = null;
        foreach (var message in userMessages)
        {
            if (TryParse(message) is { } block)
            {
                last = block;
                laterText = null;
            }
            else
            {
                laterText = message;
            }
        }
        if (laterText is null) return last;
        var named = last.Where(s => Mentions(laterText, s.Id)).ToList();
        // A follow-up that names none of the ids is small talk, not a re-ask: keep answering the block.
        return named.Count > 0 ? named : last;
    }

    private static List<PromptSignature>? TryParse(string message)
    {
        if (!message.Contains(SignatureBlock.OpenTag, StringComparison.Ordinal)) return null;
        try
        {
            return SignatureBlock.Parse(message)
                .Select(e => new PromptSignature(e.Id, e.Method, e.Host.Trim().ToLowerInvariant(), e.Path, e.Samples))
                .ToList();
        }
        catch (FormatException)
        {
            // A malformed block gets no answer items, which the worker sees as dropped ids.
            return null;
        }
    }

    // Whole-token match, so "sig_1" is not found inside "sig_10".
    private static bool Mentions(string text, string id) =>
        Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(id)}(?![\w-])");
}
