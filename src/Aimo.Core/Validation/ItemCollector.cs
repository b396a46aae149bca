using System.Text.Json;
using Aimo.Core.Classification;

namespace Aimo.Core.Validation;

/// <summary>
/// Accumulates the items of one answer. Only the model's one answer for an id counts: an id answered twice gets
/// neither answer (a hostile sample can make a model answer for its batch-mates; "first wins" would let it), an id
/// that is not in the batch is rejected.
/// </summary>
internal sealed class ItemCollector(IReadOnlyList<string> expected)
{
    private readonly HashSet<string> _expected = new(expected, StringComparer.Ordinal);
    private readonly Dictionary<string, ClassificationResult> _valid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _invalid = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _unknown = [];
    private readonly List<string> _duplicates = [];
    private readonly List<string> _problems = [];
    private int _index;

    public void Add(JsonElement item)
    {
        var index = _index++;
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("id", out var idElement)
            || idElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(idElement.GetString()))
        {
            _problems.Add($"results[{index}] has no string id.");
            return;
        }
        var id = idElement.GetString()!;
        if (!_expected.Contains(id))
        {
            if (!_unknown.Contains(id))
            {
                _unknown.Add(id);
            }
            _problems.Add($"results[{index}] has id \"{id}\", which is not in this batch; rejected.");
            return;
        }
        if (!_seen.Add(id))
        {
            if (!_duplicates.Contains(id))
            {
                _duplicates.Add(id);
            }
            _valid.Remove(id);
            _invalid[id] = "answered more than once; neither answer counts.";
            _problems.Add($"results[{index}] answers id \"{id}\" again; every answer for it is rejected.");
            return;
        }
        if (TryRead(item, id, out var result, out var problem))
        {
            _valid[id] = result;
            _invalid.Remove(id);
        }
        else
        {
            _invalid.TryAdd(id, problem);
        }
    }

    public ValidationReport Finish(FailureReason absentReason, string absentMessage, bool truncated, string? jsonError)
    {
        var items = expected.Select(id =>
            _valid.TryGetValue(id, out var result) ? ItemOutcome.Valid(result)
            : _duplicates.Contains(id) ? ItemOutcome.Failed(id, FailureReason.Duplicate, _invalid[id])
            : _invalid.TryGetValue(id, out var problem) ? ItemOutcome.Failed(id, FailureReason.InvalidItem, problem)
            : ItemOutcome.Failed(id, absentReason, absentMessage)).ToList();
        return new ValidationReport(items, _unknown, _duplicates, _problems, jsonError, truncated);
    }

    private static bool TryRead(JsonElement item, string id, out ClassificationResult result, out string problem)
    {
        result = null!;
        var service = ReadString(item, "service");
        var rationale = ReadString(item, "rationale");
        var categoryText = ReadString(item, "category");
        var riskText = ReadString(item, "risk");
        if (string.IsNullOrWhiteSpace(service))
        {
            problem = "service must be a non-empty string.";
        }
        else if (!AimoJson.TryParseCategory(categoryText, out var category))
        {
            problem = $"category \"{categoryText}\" is not one of the taxonomy's values.";
        }
        else if (!AimoJson.TryParseRisk(riskText, out var risk))
        {
            problem = $"risk \"{riskText}\" is not one of low, medium, high, critical.";
        }
        else if (!item.TryGetProperty("confidence", out var c) || c.ValueKind != JsonValueKind.Number
            || !c.TryGetDouble(out var confidence) || !double.IsFinite(confidence) || confidence is < 0 or > 1)
        {
            problem = $"confidence must be a number from 0 to 1, got {Describe(item, "confidence")}.";
        }
        else if (string.IsNullOrWhiteSpace(rationale))
        {
            problem = "rationale must be a non-empty string.";
        }
        else
        {
            result = new ClassificationResult(id, service.Trim(), category, risk, confidence, rationale.Trim());
            problem = "";
            return true;
        }
        return false;
    }

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value)
            ? value.GetRawText().Length > 40 ? value.GetRawText()[..40] + "..." : value.GetRawText()
            : "nothing";
}
