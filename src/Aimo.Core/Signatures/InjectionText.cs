using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Aimo.Core.Signatures;

/// <summary>
/// The readings of a signature's text that <see cref="InjectionDetector"/> looks at: what a model would read through the
/// obfuscations OWASP LLM01 lists. URL encoding (twice), compatibility forms (fullwidth letters), invisible characters
/// (zero-width joiners, soft hyphens; Unicode tag characters carry smuggled ASCII and are read as it), Cyrillic and Greek
/// look-alikes inside Latin words; then a reading with separators (<c>-</c>, <c>_</c>, <c>.</c>, <c>+</c>, query keys)
/// turned into spaces, for a payload split across parameters or host labels, one with digits read as letters in words
/// that mix both (leetspeak), and the text of base64 runs that decode to readable text.
/// </summary>
public static partial class InjectionText
{
    /// <summary>The readings of <paramref name="text"/>, normalized first; the first is the normalized text itself.</summary>
    public static IReadOnlyList<string> Readings(string text)
    {
        var normal = Normalize(text);
        var readings = new List<string> { normal, Separators().Replace(normal, " "), Leet().Replace(normal, m => FoldLeet(m.Value)) };
        readings.AddRange(Base64Texts(normal).Select(Normalize));
        return readings;
    }

    /// <summary>URL-decoded twice (a payload encoded twice), '+' as a space; invalid escapes stay as they are.</summary>
    public static string Decode(string text)
    {
        var decoded = text;
        for (var pass = 0; pass < 2; pass++)
        {
            var next = WebUtility.UrlDecode(decoded);
            if (next == decoded)
            {
                break;
            }
            decoded = next;
        }
        return decoded;
    }

    /// <summary>Decoded, tag characters read as ASCII, invisible characters dropped, NFKC, look-alikes in Latin words folded.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in Decode(text).EnumerateRunes())
        {
            if (rune.Value is >= 0xE0020 and <= 0xE007E)
            {
                builder.Append((char)(rune.Value - 0xE0000));
            }
            else if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
            {
                builder.Append(rune.ToString());
            }
        }
        var compatible = builder.ToString().Normalize(NormalizationForm.FormKC);
        return Word().Replace(compatible, m => FoldLookAlikes(m.Value));
    }

    // Only words that mix Latin letters with look-alikes are folded: Russian or Greek text itself is left alone.
    private static string FoldLookAlikes(string word)
    {
        if (!word.Any(char.IsAsciiLetter) || !word.Any(LookAlikes.ContainsKey))
        {
            return word;
        }
        return string.Concat(word.Select(c => LookAlikes.GetValueOrDefault(c, c)));
    }

    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's',
        ['к'] = 'k', ['м'] = 'm', ['т'] = 't', ['ԁ'] = 'd', ['ӏ'] = 'l', ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['К'] = 'K', ['М'] = 'M',
        ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P', ['С'] = 'C', ['Т'] = 'T', ['Х'] = 'X', ['І'] = 'I', ['α'] = 'a', ['ο'] = 'o', ['ε'] = 'e',
        ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u', ['Α'] = 'A', ['Ε'] = 'E', ['Ι'] = 'I', ['Κ'] = 'K',
        ['Μ'] = 'M', ['Ν'] = 'N', ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Χ'] = 'X',
    };

    private static string FoldLeet(string word) => string.Concat(word.Select(c => c switch
    {
        '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', _ => c,
    }));

    /// <summary>Base64 runs (standard or URL-safe) that decode to mostly printable text: an encoded payload a model would read.</summary>
    private static IEnumerable<string> Base64Texts(string text)
    {
        foreach (Match match in Base64Run().Matches(text))
        {
            var run = match.Value.Replace('-', '+').Replace('_', '/').TrimEnd('=');
            var padded = run.PadRight(run.Length + ((4 - (run.Length % 4)) % 4), '=');
            var bytes = new byte[padded.Length];
            if (!Convert.TryFromBase64String(padded, bytes, out var written))
            {
                continue;
            }
            var decoded = Encoding.UTF8.GetString(bytes, 0, written);
            if (decoded.Count(c => c >= ' ' && c != '\uFFFD' || c is '\n' or '\r' or '\t') >= 0.9 * decoded.Length)
            {
                yield return decoded;
            }
        }
    }

    // Query keys ("&b="), and the separators of host labels, paths and form encoding.
    [GeneratedRegex(@"[?&;][\w.\-\[\]]{1,24}=|[-_./+]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Separators();

    [GeneratedRegex(@"\b(?=[\w@$]*[a-zA-Z])(?=[\w@$]*[013457@$])[\w@$]{3,}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Leet();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Word();

    [GeneratedRegex(@"[A-Za-z0-9+/_-]{24,}={0,2}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Base64Run();
}
