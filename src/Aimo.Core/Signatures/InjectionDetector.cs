using System.Net;
using System.Text.RegularExpressions;

namespace Aimo.Core.Signatures;

/// <summary>How much a signature's text reads like instructions to a model, and why.</summary>
/// <param name="Score">The sum of the weights of the signals found.</param>
/// <param name="Signals">The names of the signals found, for the admin UI and the logs.</param>
public sealed record InjectionVerdict(int Score, IReadOnlyList<string> Signals)
{
    /// <summary>At or above this score a signature is quarantined: classified in a batch of its own.</summary>
    public const int QuarantineScore = 3;

    public bool Suspected => Score >= QuarantineScore;
}

/// <summary>
/// Scores a signature's text (host, path, samples — written by whoever uses the proxy) for prompt injection (OWASP
/// LLM01): imperative phrases addressed to a classifier or assistant, role and delimiter tags, "ignore previous
/// instructions", directives that reach every item of the batch, JSON that mimics the answer schema. No single word
/// is enough (real traffic says "assistant", "system", "model", "ignore" all the time); a signature is suspected when
/// signals add up to <see cref="InjectionVerdict.QuarantineScore"/>. Text is URL-decoded first, so an encoded payload
/// scores like a plain one.
/// </summary>
public static partial class InjectionDetector
{
    private sealed record Signal(string Name, int Weight, Regex Pattern);

    private static readonly Signal[] Signals =
    [
        new("override", 3, Override()),
        new("role_tag", 3, RoleTag()),
        new("schema_mimicry", 3, SchemaMimicry()),
        new("addressed_to_model", 2, AddressedToModel()),
        new("reaches_every_item", 2, ReachesEveryItem()),
        new("answer_directive", 2, AnswerDirective()),
        new("role_play", 2, RolePlay()),
    ];

    public static InjectionVerdict Inspect(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var text = Decode(string.Join("\n", [signature.Host, signature.PathTemplate, .. signature.Samples]));
        var found = Signals.Where(s => Matches(s.Pattern, text)).ToList();
        return new InjectionVerdict(found.Sum(s => s.Weight), [.. found.Select(s => s.Name)]);
    }

    /// <summary>A text built to make a pattern backtrack past its time limit is suspect in itself: it counts as a match.</summary>
    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
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

    // "ignore / disregard / forget / override (all) (the) previous / prior / above instructions / rules / prompt".
    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass)\b[\s\W]{1,3}(all\s+|any\s+|the\s+|your\s+|of\s+)*(previous|prior|above|earlier|preceding|system|original|former)?\s*(instructions?|rules|prompts?|directions|directives|guidelines|context|constraints)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Override();

    // Chat-template and delimiter tags, and "system:" / "assistant:" speaking as a role at the start of a line.
    [GeneratedRegex(@"<\|im_(start|end)\|>|\[/?INST\]|<<\s*/?SYS\s*>>|</?\s*(system|signatures|validation_errors|instructions?)\s*>|^\s*#{1,4}\s*(system|instruction|assistant)\b|^\s*(system|assistant)\s*:",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex RoleTag();

    // An answer in the schema's shape: two of its fields as JSON keys, or a "results" array.
    [GeneratedRegex(@"""results""\s*:\s*\[|""(service|category|risk|confidence|rationale)""\s*:[^\n]{0,200}""(service|category|risk|confidence|rationale)""\s*:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex SchemaMimicry();

    // "note to the classifier", "dear assistant", "attention AI", "you are a classifier".
    [GeneratedRegex(@"\b(note|message|instructions?|attention|memo|reminder|hint)\s*(to|for)\s*(the\s+|any\s+|all\s+)?(classifier|assistant|ai|model|llm|language\s+model|system|gpt|chatgpt|chatbot|bot|analyst)s?\b|\b(dear|hey|hello|hi|attention)[,\s]+(classifier|assistant|ai|model|llm|gpt|chatgpt|chatbot)\b|\byou\s+are\s+(an?\s+|the\s+)?(ai|assistant|classifier|language\s+model|llm|chatbot)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AddressedToModel();

    // "for every id", "to all signatures in this block", "each of the other entries".
    [GeneratedRegex(@"\b(for|to|on)\s+(every|each|all)\s+(of\s+the\s+)?(other\s+)?(ids?|signatures?|items?|entries|entry|urls?|rows?|results?)\b|\ball\s+(other\s+)?(ids|signatures|items|entries)\s+(in|of)\s+(this|the)\s+(block|batch|list|request|prompt)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ReachesEveryItem();

    // "answer service ...", "set risk to low", "classify ... as low risk", "mark them safe".
    [GeneratedRegex(@"\b(answer|respond|reply|output|return|classify|mark|label|set|report|rate|treat|consider)\b[^\n]{0,60}\b(service|category|risk|confidence|results?|as\s+(safe|benign|trusted|low|harmless))\b[^\n]{0,40}\b(low|none|safe|benign|trusted|harmless|cdn|0\.9\d?|1\.0|microsoft|google|update)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AnswerDirective();

    // "you are now", "act as", "pretend to be", "developer mode", "DAN".
    [GeneratedRegex(@"\byou\s+are\s+now\b|\bact\s+as\s+(an?\s+|the\s+)?(unrestricted|different|new|system|admin|developer)|\bpretend\s+(to\s+be|you\s+are)\b|\bdeveloper\s+mode\b|\bDAN\s+mode\b|\bjailbreak",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex RolePlay();
}
