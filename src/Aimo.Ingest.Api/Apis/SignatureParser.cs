using System.Globalization;
using System.Text.Json;
using Aimo.Core.Signatures;

namespace Aimo.Ingest.Api.Apis;

/// <summary>
/// Reads and validates signatures from a parsed JSON element, collecting every error keyed by
/// <c>signatures[i].field</c>, so a caller fixes a whole request in one go. Unknown fields are errors.
/// </summary>
public sealed class SignatureParser(IngestOptions options, Dictionary<string, List<string>> errors)
{
    private static readonly HashSet<string> ItemFields = ["id", "tier", "method", "host", "pathTemplate", "samples", "stats"];
    private static readonly HashSet<string> StatsFields = ["requests", "users", "bytesOut", "firstSeen", "lastSeen"];
    private static readonly System.Globalization.IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public const string IdRule = "The id must be 1-128 characters of ASCII letters, digits, '_', '-', '.' or ':'.";

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':');

    public void Add(string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }
        list.Add(message);
    }

    public Signature? ParseItem(JsonElement item, int index)
    {
        var p = $"signatures[{index}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            Add(p, $"Each signature must be a JSON object, not {Kind(item)}.");
            return null;
        }
        var before = errors.Count;
        foreach (var property in item.EnumerateObject())
        {
            if (!ItemFields.Contains(property.Name))
            {
                Add($"{p}.{property.Name}", $"Unknown field \"{property.Name}\"; allowed: {string.Join(", ", ItemFields)}.");
            }
        }
        var tierText = RequiredString(item, p, "tier", 1);
        Tier tier = default;
        if (tierText is not null && !(tierText is "A" or "B" or "C" && Enum.TryParse(tierText, out tier)))
        {
            Add($"{p}.tier", $"Tier must be \"A\", \"B\" or \"C\", not \"{Shorten(tierText)}\".");
        }
        var method = OptionalString(item, p, "method", 16);
        if (method is not null && (method.Length == 0 || !method.All(c => char.IsAsciiLetter(c))))
        {
            Add($"{p}.method", "Method must be an HTTP method of ASCII letters, e.g. \"GET\".");
        }
        var host = ParseHost(item, p);
        var path = RequiredString(item, p, "pathTemplate", 2048);
        if (path is not null)
        {
            if (!path.StartsWith('/'))
            {
                Add($"{p}.pathTemplate", "The path template must start with '/'.");
            }
            else if (path.Any(char.IsControl))
            {
                Add($"{p}.pathTemplate", "The path template must not contain control characters.");
            }
        }
        var samples = ParseSamples(item, p);
        var stats = ParseStats(item, p);
        var id = OptionalString(item, p, "id", 128);
        if (id is not null && !IsValidId(id))
        {
            Add($"{p}.id", IdRule);
        }
        if (errors.Count != before || host is null || path is null || samples is null || tierText is null)
        {
            return null;
        }
        method = method?.ToUpperInvariant();
        return new Signature(id ?? SignatureId.Derive(method, host, path), tier, method, host, path, samples, stats);
    }

    private string? ParseHost(JsonElement item, string p)
    {
        var host = RequiredString(item, p, "host", 253);
        if (host is null)
        {
            return null;
        }
        if (host.Any(char.IsControl))
        {
            Add($"{p}.host", "The host must not contain control characters.");
            return null;
        }
        string ascii;
        try
        {
            ascii = host.All(char.IsAscii) ? host : Idn.GetAscii(host);
        }
        catch (ArgumentException)
        {
            Add($"{p}.host", $"\"{Shorten(host)}\" is not a valid internationalised host name.");
            return null;
        }
        if (Uri.CheckHostName(ascii) is UriHostNameType.Unknown or UriHostNameType.Basic || ascii.Length > 253)
        {
            Add($"{p}.host", $"\"{Shorten(host)}\" is not a valid host name or IP address (no scheme, port or path).");
            return null;
        }
        return ascii.ToLowerInvariant();
    }

    private List<string>? ParseSamples(JsonElement item, string p)
    {
        if (!item.TryGetProperty("samples", out var samples) || samples.ValueKind == JsonValueKind.Null)
        {
            Add($"{p}.samples", "Samples are required: an array of 1 or more strings.");
            return null;
        }
        if (samples.ValueKind != JsonValueKind.Array)
        {
            Add($"{p}.samples", $"Samples must be an array of strings, not {Kind(samples)}.");
            return null;
        }
        var count = samples.GetArrayLength();
        if (count == 0 || count > options.MaxSamplesPerSignature)
        {
            Add($"{p}.samples", $"A signature needs between 1 and {options.MaxSamplesPerSignature} samples; got {count}.");
            return null;
        }
        var list = new List<string>(count);
        var i = 0;
        foreach (var sample in samples.EnumerateArray())
        {
            if (sample.ValueKind != JsonValueKind.String)
            {
                Add($"{p}.samples[{i}]", $"A sample must be a string, not {Kind(sample)}.");
            }
            else if (sample.GetString()! is var text && text.Length > options.MaxSampleLength)
            {
                Add($"{p}.samples[{i}]", $"A sample may have at most {options.MaxSampleLength} characters; this one has {text.Length}.");
            }
            else if (text.Contains('\0'))
            {
                // The worker stores samples in PostgreSQL text, which cannot hold NUL: refused at the door.
                Add($"{p}.samples[{i}]", "A sample must not contain NUL characters.");
            }
            else
            {
                list.Add(text);
            }
            i++;
        }
        return list.Count == count ? list : null;
    }

    private SignatureStats? ParseStats(JsonElement item, string p)
    {
        if (!item.TryGetProperty("stats", out var stats) || stats.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (stats.ValueKind != JsonValueKind.Object)
        {
            Add($"{p}.stats", $"Stats must be an object, not {Kind(stats)}.");
            return null;
        }
        foreach (var property in stats.EnumerateObject())
        {
            if (!StatsFields.Contains(property.Name))
            {
                Add($"{p}.stats.{property.Name}", $"Unknown field \"{property.Name}\"; allowed: {string.Join(", ", StatsFields)}.");
            }
        }
        var first = Instant(stats, $"{p}.stats", "firstSeen");
        var last = Instant(stats, $"{p}.stats", "lastSeen");
        if (first > last)
        {
            Add($"{p}.stats.lastSeen", "lastSeen is before firstSeen.");
        }
        return new SignatureStats(Count(stats, $"{p}.stats", "requests"), Count(stats, $"{p}.stats", "users"),
            Count(stats, $"{p}.stats", "bytesOut"), first, last);
    }

    private long? Count(JsonElement obj, string p, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0)
        {
            return n;
        }
        Add($"{p}.{name}", $"{name} must be a non-negative integer.");
        return null;
    }

    private DateTimeOffset? Instant(JsonElement obj, string p, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            return at;
        }
        Add($"{p}.{name}", $"{name} must be an ISO 8601 date and time, e.g. \"2026-01-31T12:00:00Z\".");
        return null;
    }

    private string? RequiredString(JsonElement obj, string p, string name, int maxLength)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Add($"{p}.{name}", $"{name} is required.");
            return null;
        }
        var text = StringValue(value, p, name, maxLength);
        if (text is { Length: 0 })
        {
            Add($"{p}.{name}", $"{name} must not be empty.");
            return null;
        }
        return text;
    }

    private string? OptionalString(JsonElement obj, string p, string name, int maxLength) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? StringValue(value, p, name, maxLength) : null;

    private string? StringValue(JsonElement value, string p, string name, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add($"{p}.{name}", $"{name} must be a string, not {Kind(value)}.");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Add($"{p}.{name}", $"{name} may have at most {maxLength} characters; got {text.Length}.");
            return null;
        }
        return text;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
