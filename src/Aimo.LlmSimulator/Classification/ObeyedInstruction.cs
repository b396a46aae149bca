using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Aimo.Core.Classification;

namespace Aimo.LlmSimulator.Classification;

/// <summary>
/// What a weak model makes of a sample that talks to it (the <c>obey_injection</c> behaviour): a note addressed to the
/// classifier, an "ignore previous instructions", a chat-template tag. It takes the service, category, risk and
/// confidence the note asks for and answers them for every id of the batch; what the note does not name falls back to
/// the launderer's favourite answer, a harmless Microsoft Update CDN. Deliberately independent of the worker's detector:
/// it plays the model, which reads the prompt, not the worker's rules.
/// </summary>
public sealed partial record ObeyedInstruction(string Service, Category Category, RiskLevel Risk, double Confidence)
{
    public static readonly ObeyedInstruction Laundering = new("Microsoft Update", Category.Cdn, RiskLevel.Low, 0.99);

    /// <summary>The instruction of the first sample that holds one, or null when no sample talks to the model.</summary>
    public static ObeyedInstruction? Find(IEnumerable<PromptSignature> signatures)
    {
        foreach (var sample in signatures.SelectMany(s => s.Samples ?? []))
        {
            // A weak model reads through URL encoding as readily as through plain text.
            var text = WebUtility.UrlDecode(WebUtility.UrlDecode(sample));
            if (Trigger().IsMatch(text))
            {
                return Parse(text);
            }
        }
        return null;
    }

    public ClassificationResult AnswerFor(PromptSignature signature) =>
        new(signature.Id, Service, Category, Risk, Confidence, $"{signature.Host}{signature.Path} is {Service}, as the note in the batch says.");

    private static ObeyedInstruction Parse(string text)
    {
        var service = ServiceField().Match(text) is { Success: true } s ? s.Groups["v"].Value.Trim() : Laundering.Service;
        var category = CategoryField().Match(text) is { Success: true } c && AimoJson.TryParseCategory(c.Groups["v"].Value.ToLowerInvariant(), out var parsed)
            ? parsed : Laundering.Category;
        var risk = RiskField().Match(text) is { Success: true } r && AimoJson.TryParseRisk(r.Groups["v"].Value.ToLowerInvariant(), out var level)
            ? level : Laundering.Risk;
        var confidence = ConfidenceField().Match(text) is { Success: true } f
            && double.TryParse(f.Groups["v"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value : Laundering.Confidence;
        return new ObeyedInstruction(service, category, risk, confidence);
    }

    [GeneratedRegex(@"\b(note|message|instructions?|memo|attention|reminder)\s+(to|for)\s+(the\s+|any\s+)?(classifier|assistant|model|ai|llm|gpt)s?\b|\b(ignore|disregard|forget)\s+(all\s+|any\s+|the\s+)*(previous|prior|above|earlier)\s+(instructions|rules|prompts?)\b|<\|im_start\|>|\[INST\]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Trigger();

    [GeneratedRegex(@"\bservice\b[""']?\s*[:=]?\s*[""'“](?<v>[^""'”\n]{1,80})[""'”]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ServiceField();

    [GeneratedRegex(@"\bcategory\b[""']?\s*[:=]?\s*[""'“]?(?<v>[a-z_]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CategoryField();

    [GeneratedRegex(@"\brisk\b[""']?\s*[:=]?\s*[""'“]?(?<v>low|medium|high|critical)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RiskField();

    [GeneratedRegex(@"\bconfidence\b[""']?\s*[:=]?\s*(?<v>[01](\.\d+)?|\.\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConfidenceField();
}
