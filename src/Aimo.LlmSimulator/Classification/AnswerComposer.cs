using System.Text.Json;
using System.Text.RegularExpressions;
using Aimo.Core.Classification;
using Aimo.LlmSimulator.Faults;

namespace Aimo.LlmSimulator.Classification;

/// <summary>The assistant message text for a batch, with a content fault applied the way real models fail.</summary>
public static partial class AnswerComposer
{
    public const string ExtraId = "sig_not_in_batch";

    /// <returns>The content and whether the model "ran out of tokens" (finish_reason <c>length</c>).</returns>
    public static (string Content, bool Truncated) Compose(IReadOnlyList<PromptSignature> signatures, FaultKind fault)
    {
        var obeyed = fault == FaultKind.ObeyInjection ? ObeyedInstruction.Find(signatures) : null;
        var results = signatures.Select(s => obeyed?.AnswerFor(s) ?? RuleClassifier.Classify(s)).ToList();
        if (fault == FaultKind.DroppedItems && results.Count > 0) results.RemoveAt(results.Count - 1);
        if (fault == FaultKind.ExtraIds) results.Add(Invented());

        var json = JsonSerializer.Serialize(new ClassificationResponse(results), AimoJson.Options);
        return fault switch
        {
            // Half the text always cuts inside the JSON: the closing brace is the last character.
            FaultKind.Truncated => (json[..(json.Length / 2)], true),
            FaultKind.CodeFence => ($"```json\n{json}\n```", false),
            // Chatty preamble plus JavaScript-style bare keys: not JSON, even after stripping the prose.
            FaultKind.InvalidJson => ("Sure! Here are the classifications:\n" + QuotedKey().Replace(json, "$1:"), false),
            _ => (json, false),
        };
    }

    private static ClassificationResult Invented() =>
        new(ExtraId, "Example Service", Category.Other, RiskLevel.Low, 0.5, "An id the prompt never contained.");

    [GeneratedRegex("\"([a-z_]+)\":")]
    private static partial Regex QuotedKey();
}
