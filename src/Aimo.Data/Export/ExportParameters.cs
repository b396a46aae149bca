namespace Aimo.Data.Export;

/// <summary>Reads export query parameters, recording every bad one; remembers which were read so the rest are rejected.</summary>
internal sealed class ExportParameters(IReadOnlyDictionary<string, string?> query, Dictionary<string, string[]> errors)
{
    public const int MaxTextLength = 200;

    private static readonly Dictionary<ExportKind, string[]> Known = new()
    {
        [ExportKind.Batches] = ["format", "from", "to", "status", "tier"],
        [ExportKind.Review] = ["format", "from", "to", "status", "reason", "tier", "q"],
        [ExportKind.Signatures] = ["format", "from", "to", "q", "category", "risk", "status", "tier"],
    };

    public string? Text(string name)
    {
        var value = Value(name);
        if (value?.Length > MaxTextLength)
        {
            errors[name] = [$"{name} is longer than {MaxTextLength} characters."];
            return null;
        }
        return value;
    }

    /// <summary>One of <paramref name="allowed"/> (exactly as written), or null when absent.</summary>
    public string? Choice(string name, IReadOnlyCollection<string> allowed)
    {
        var value = Value(name);
        if (value is null || allowed.Contains(value))
        {
            return value;
        }
        errors[name] = [$"{name} must be one of: {string.Join(", ", allowed)}."];
        return null;
    }

    public void RejectUnknown(ExportKind kind)
    {
        foreach (var name in query.Keys.Where(k => !Known[kind].Contains(k)))
        {
            errors[name] = [$"Unknown parameter \"{name}\" for this export; it takes: {string.Join(", ", Known[kind])}."];
        }
    }

    private string? Value(string name) =>
        query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
