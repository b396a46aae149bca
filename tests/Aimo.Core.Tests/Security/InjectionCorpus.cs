using System.Globalization;
using System.Text.RegularExpressions;
using Aimo.Core.Signatures;

namespace Aimo.Core.Tests.Security;

/// <summary>
/// The corpus files under <c>Security/Corpus</c>: one signature per line, <c>host&lt;TAB&gt;sample[&lt;TAB&gt;sample...]</c>, built into
/// signatures the way ingest receives them (method and path template from the first sample). <c>\uXXXX</c> and
/// <c>\UXXXXXXXX</c> stand for invisible or look-alike characters.
/// </summary>
public static partial class InjectionCorpus
{
    /// <summary>The samples the detector was tuned on.</summary>
    public static IReadOnlyList<Signature> Hostile { get; } = Load("hostile.txt");
    public static IReadOnlyList<Signature> Benign { get; } = Load("benign.txt");

    /// <summary>Samples written after the tuning and not tuned on: how the detector does on phrasings it has not seen.</summary>
    public static IReadOnlyList<Signature> HostileHeldOut { get; } = Load("hostile-heldout.txt");
    public static IReadOnlyList<Signature> BenignHeldOut { get; } = Load("benign-heldout.txt");

    private static List<Signature> Load(string file) =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Security", "Corpus", file))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select((line, i) => ToSignature($"{Path.GetFileNameWithoutExtension(file)}-{i + 1}", line))];

    private static Signature ToSignature(string id, string line)
    {
        var fields = Unescape(line).Split('\t');
        var samples = fields[1..];
        var request = samples[0].Split(' ', 3);
        var path = request.Length > 1 ? request[1].Split('?')[0] : "/";
        return new Signature(id, Tier.A, request[0], fields[0], path, samples);
    }

    private static string Unescape(string line) => Escape().Replace(line, m =>
        char.ConvertFromUtf32(int.Parse(m.Groups["u"].Success ? m.Groups["u"].Value : m.Groups["U"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"\\u(?<u>[0-9A-Fa-f]{4})|\\U(?<U>[0-9A-Fa-f]{8})")]
    private static partial Regex Escape();
}
