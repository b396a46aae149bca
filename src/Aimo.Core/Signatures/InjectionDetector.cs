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
/// signals add up to <see cref="InjectionVerdict.QuarantineScore"/>. Every signal is looked for in each reading of the
/// text (<see cref="InjectionText.Readings"/>), so an encoded, split or disguised payload scores like a plain one. Measured
/// on the corpus of <c>tests/Aimo.Core.Tests/Security/Corpus</c> by <c>InjectionDetectorRatesTests</c>.
/// </summary>
public static partial class InjectionDetector
{
    private sealed record Signal(string Name, int Weight, Func<string, bool> Test);

    private static readonly Signal[] Signals =
    [
        new("override", 3, Override().IsMatch),
        new("override_translated", 3, OverrideTranslated().IsMatch),
        new("role_tag", 3, RoleTag().IsMatch),
        new("schema_mimicry", 3, MimicsSchema),
        new("addressed_to_model", 2, AddressedToModel().IsMatch),
        new("reaches_every_item", 2, ReachesEveryItem().IsMatch),
        new("answer_directive", 2, text => AnswerDirective().IsMatch(text) || VerdictForAll().IsMatch(text)),
        new("role_play", 2, RolePlay().IsMatch),
        new("fake_notice", 2, FakeNotice().IsMatch),
        new("prompt_leak", 2, PromptLeak().IsMatch),
    ];

    public static InjectionVerdict Inspect(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var text = string.Join("\n", [signature.Host, signature.PathTemplate, .. signature.Samples]);
        IReadOnlyList<string> readings;
        try
        {
            readings = InjectionText.Readings(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return new InjectionVerdict(InjectionVerdict.QuarantineScore, ["timeout"]);
        }
        var found = Signals.Where(s => readings.Any(r => Matches(s, r))).ToList();
        return new InjectionVerdict(found.Sum(s => s.Weight), [.. found.Select(s => s.Name)]);
    }

    /// <summary>A text built to make a pattern backtrack past its time limit is suspect in itself: it counts as a match.</summary>
    private static bool Matches(Signal signal, string text)
    {
        try
        {
            return signal.Test(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>URL-decoded twice (a payload encoded twice), '+' as a space; invalid escapes stay as they are.</summary>
    public static string Decode(string text) => InjectionText.Decode(text);

    // Three of the answer's fields as JSON keys, or a "results" array: two alone are an ordinary record ("category", "risk").
    private static bool MimicsSchema(string text) =>
        ResultsArray().IsMatch(text) || SchemaKey().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().Count() >= 3;

    [GeneratedRegex(@"""results""\s*:\s*\[", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ResultsArray();

    [GeneratedRegex(@"""(service|category|risk|confidence|rationale)""\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex SchemaKey();

    // "ignore / disregard / forget / override (all) (the) previous / prior / above instructions", or "ignore all / your
    // rules". A bare "ignore rules" or "override rules" is everyday eslint and CSS talk.
    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass)\b[\s\W_]{1,3}((all|any|the|your|of|these|those)[\s\W_]+)*(previous|prior|above|earlier|preceding|system|original|former)[\s\W_]+(instructions?|rules|prompts?|directions|directives|guidelines|context|constraints)\b|\b(ignore|disregard|forget)\s+(all|your)\s+(instructions?|rules|prompts?|directions|directives|guidelines)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Override();

    // The same override in Spanish, Portuguese, French, Italian, German, Russian, Chinese and Japanese.
    [GeneratedRegex(@"\bignor(a|ar|e|ez|er|iere|ieren|ate)\b.{0,20}\b(instrucciones|instruções|instructions|istruzioni|anweisungen|regeln)\b.{0,10}\b(anteriores|previas|précédentes|precedentes|precedenti|vorherigen|bisherigen|obigen)\b|\bignor(iere|ieren)\s+(alle\s+)?(vorherigen|bisherigen|obigen)\s+(anweisungen|regeln)\b|игнорир\w*\s+(все\s+)?(предыдущие|прежние)\s+(инструкции|указания)|忽略(之前|以上|前面|上面|先前)的?(所有)?(指令|指示|说明|规则)|(以前|前)の(指示|命令)を無視",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex OverrideTranslated();

    // Chat-template and delimiter tags; "system:" / "assistant:" speaking as a role at the start of a line, a comment or a
    // bracket; a markdown heading or a "[system](#...)" link posing as a system section.
    [GeneratedRegex(@"<\|im_(start|end)\|>|\[/?INST\]|<<\s*/?SYS\s*>>|</?\s*(system|signatures|validation_errors|instructions?)\s*>|(^|[=>])\s*#{1,4}\s*(system|instructions?|assistant)\b|(^|<!--|[\[{(])\s*(system|assistant|developer)\s*:|\[(system|assistant|developer)\]\s*\(#",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex RoleTag();

    // "note to the classifier", "dear assistant", "you are a classifier", "AI assistants processing this message".
    [GeneratedRegex(@"\b(note|message|instructions?|attention|memo|reminder|hint)\s*(to|for)\s*(the\s+|any\s+|all\s+)?(classifier|assistant|ai|model|llm|language\s+model|system|gpt|chatgpt|chatbot|bot|analyst)s?\b|\b(dear|hey|hello|hi|attention)[,\s]+(classifier|assistant|ai|model|llm|gpt|chatgpt|chatbot)\b|\byou\s+are\s+(an?\s+|the\s+)?(ai|assistant|classifier|language\s+model|llm|chatbot)\b|\b(ai|llm|language\s+model)s?\s+(assistants?|models?|agents?|systems?)\s+(processing|reading|parsing|summari[sz]ing|classifying|analy[sz]ing)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AddressedToModel();

    // "for every id", "to all signatures in this block", "every signature in this batch", "all URLs below", "all the others".
    [GeneratedRegex(@"\b(for|to|on)\s+(every|each|all)\s+(of\s+the\s+)?(other\s+)?(ids?|signatures?|items?|entries|entry|urls?|rows?|results?)\b|\b(all|every|each)\s+(of\s+the\s+)?(other\s+)?(ids?|signatures?|items?|entries|urls?|hosts?|domains?)\s+(in|of|on)\s+(this|the)\s+(block|batch|list|request|prompt)\b|\ball\s+(the\s+)?(other\s+)?(ids|signatures|items|entries|urls|hosts|domains)\s+(below|above|here)\b|\ball\s+(the\s+)?others\b|\ball\s+other\s+(ids|signatures|items|entries|urls|hosts|domains)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ReachesEveryItem();

    // "answer service ...", "set risk to low", "respond with risk low".
    [GeneratedRegex(@"\b(answer|respond|reply|output|return|classify|mark|label|set|report|rate|treat|consider)\b[^\n]{0,60}\b(service|category|risk|confidence|results?)\b[^\n]{0,40}\b(low|none|safe|benign|trusted|harmless|cdn|0\.9\d?|1\.0|microsoft|google|update)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AnswerDirective();

    // A harmless verdict handed out: "mark all signatures as safe", "label everything trusted", "rated every website low risk".
    [GeneratedRegex(@"\b(answer|report|classify|classified|mark|label|treat|rate|rated|consider|flag|tag)\b[^\n.]{0,40}\bas\s+(safe|benign|trusted|harmless|clean|whitelisted|allowed|legitimate|low[\s-]risk)\b|\b(mark|label|classify|rate|rated|flag|tag|treat)s?\s+(everything|everyone|them\s+all|all(\s+\w+)?|every\s+\w+|each\s+\w+)\s+(as\s+)?(safe|benign|trusted|harmless|clean|whitelisted|low[\s-]risk)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex VerdictForAll();

    // "you are now", "act as", "pretend to be", "developer mode", "DAN".
    [GeneratedRegex(@"\byou\s+are\s+now\b|\bact\s+as\s+(my\s+|an?\s+|the\s+)?(unrestricted|different|new|system|admin|developer|deceased|grandm)|\bpretend\s+(to\s+be|you\s+are)\b|\bdeveloper\s+mode\b|\bDAN\s+mode\b|\bdo\s+anything\s+now\b|\bjailbreak",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex RolePlay();

    // "SYSTEM UPDATE:", "new instructions:", "policy override:", "new task:" — a change of rules announced in the data.
    [GeneratedRegex(@"\b(system|admin|security|policy)\s+(update|override|notice|message|instructions?)\s*:|\bnew\s+(instructions|rules|task|policy)\b\s*(for\s+the\s+\w+\s*)?:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex FakeNotice();

    // "print your system prompt", "reveal your instructions" (OWASP LLM07, often paired with an injection).
    [GeneratedRegex(@"\b(print|repeat|reveal|show|output|leak)\s+(me\s+)?(your|the)\s+(system\s+prompt|initial\s+prompt|instructions|hidden\s+prompt)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PromptLeak();
}
