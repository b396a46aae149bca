using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Aimo.Core.Signatures;

/// <summary>
/// Turns a <see cref="Signature"/> into its prompt line: one JSON object written with
/// System.Text.Json's default encoder. That encoder escapes quotes, control chars, <c>&lt;</c>, <c>&gt;</c>,
/// <c>&amp;</c> and all non-ASCII, so untrusted sample text can neither break the line, close the
/// <c>&lt;signatures&gt;</c> block nor impersonate another signature.
/// </summary>
public static class SignatureFormatter
{
    private const string Ellipsis = "\u2026";

    /// <summary>Formats <paramref name="signature"/>, shortening its samples when the line would pass <paramref name="maxChars"/>.</summary>
    /// <exception cref="ArgumentException">Id and host alone do not fit in <paramref name="maxChars"/>.</exception>
    public static FormattedSignature Format(Signature signature, int maxChars = SignatureFormatOptions.DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 64);

        var full = Write(signature, signature.PathTemplate, signature.Samples, truncated: false);
        if (full.Length <= maxChars)
        {
            return new FormattedSignature(signature.Id, full, false);
        }
        // Lone surrogates become U+FFFD, as the writer does, so encoded lengths can be measured.
        var scrubbed = signature with { PathTemplate = Scrub(signature.PathTemplate), Samples = [.. signature.Samples.Select(Scrub)] };
        return new FormattedSignature(signature.Id, Truncate(scrubbed, maxChars), true);
    }

    /// <summary>The visible marker appended to the last kept sample.</summary>
    public static string TruncationMarker(int droppedChars) => $"{Ellipsis}[truncated {droppedChars} chars]";

    private static string Truncate(Signature signature, int maxChars)
    {
        long totalRaw = 0;
        foreach (var sample in signature.Samples)
        {
            totalRaw += sample.Length;
        }
        var reserve = EncodedLength(TruncationMarker((int)Math.Min(totalRaw, int.MaxValue))) + 1;
        var emptyLine = Write(signature, signature.PathTemplate, [], truncated: true).Length;
        if (emptyLine + reserve > maxChars)
        {
            return TruncatePath(signature, maxChars);
        }

        // Lengths add up because every char is escaped on its own (surrogate pairs are never split).
        // Should that ever not hold, the loop below shrinks the budget by the excess and tries again.
        for (var budget = maxChars - emptyLine - reserve; budget >= 0;)
        {
            var kept = KeepSamples(signature.Samples, budget, out var keptRaw);
            var marker = TruncationMarker((int)Math.Min(totalRaw - keptRaw, int.MaxValue));
            if (kept.Count == 0)
            {
                kept.Add(marker);
            }
            else
            {
                kept[^1] += marker;
            }
            var line = Write(signature, signature.PathTemplate, kept, truncated: true);
            if (line.Length <= maxChars)
            {
                return line;
            }
            budget -= line.Length - maxChars;
        }
        return TruncatePath(signature, maxChars);
    }

    private static List<string> KeepSamples(IReadOnlyList<string> samples, int budget, out long keptRaw)
    {
        var kept = new List<string>();
        keptRaw = 0;
        foreach (var sample in samples)
        {
            var separator = kept.Count > 0 ? 1 : 0;
            var cost = EncodedLength(sample) + separator;
            if (cost <= budget)
            {
                kept.Add(sample);
                keptRaw += sample.Length;
                budget -= cost;
                continue;
            }
            var prefix = LongestPrefix(sample, budget - separator - 2);
            if (prefix > 0)
            {
                kept.Add(sample[..prefix]);
                keptRaw += prefix;
            }
            break;
        }
        return kept;
    }

    // Host or path template so long that not even one sample fits: keep a prefix of the path, no samples.
    private static string TruncatePath(Signature signature, int maxChars)
    {
        var path = signature.PathTemplate;
        var marker = TruncationMarker(path.Length);
        var withoutPath = Write(signature, "", [], truncated: true).Length;
        var room = maxChars - withoutPath - (EncodedLength(marker) - 2);
        if (room < 0)
        {
            throw new ArgumentException(
                $"Signature '{Shorten(signature.Id)}' does not fit in {maxChars} chars even without samples and path; its id or host is too long.",
                nameof(signature));
        }
        var prefix = LongestPrefix(path, room);
        var shortened = path[..prefix] + TruncationMarker(path.Length - prefix);
        var line = Write(signature, shortened, [], truncated: true);
        return line.Length <= maxChars
            ? line
            : throw new InvalidOperationException("Truncated signature line still exceeds the maximum.");
    }

    /// <summary>Largest prefix length of <paramref name="text"/> whose JSON-encoded form (without quotes) fits <paramref name="room"/>.</summary>
    private static int LongestPrefix(string text, int room)
    {
        if (room <= 0)
        {
            return 0;
        }
        int low = 0, high = Math.Min(text.Length, room);
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            var cut = mid > 0 && char.IsHighSurrogate(text[mid - 1]) ? mid - 1 : mid;
            if (JsonEncodedText.Encode(text.AsSpan(0, cut)).EncodedUtf8Bytes.Length <= room)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        if (low > 0 && char.IsHighSurrogate(text[low - 1]))
        {
            low--;
        }
        return low;
    }

    // The default encoder emits ASCII only, so UTF-8 bytes == UTF-16 chars. +2 for the quotes.
    private static int EncodedLength(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.Length + 2;

    private static string Write(Signature signature, string path, IReadOnlyList<string> samples, bool truncated)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", signature.Id);
            if (signature.Method is not null)
            {
                writer.WriteString("method", signature.Method);
            }
            writer.WriteString("host", signature.Host);
            writer.WriteString("path", path);
            writer.WriteStartArray("samples");
            foreach (var sample in samples)
            {
                writer.WriteStringValue(sample);
            }
            writer.WriteEndArray();
            WriteStats(writer, signature.Stats);
            if (truncated)
            {
                writer.WriteBoolean("truncated", true);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStats(Utf8JsonWriter writer, SignatureStats? stats)
    {
        if (stats is null)
        {
            return;
        }
        writer.WriteStartObject("stats");
        if (stats.Requests is { } requests) writer.WriteNumber("requests", requests);
        if (stats.Users is { } users) writer.WriteNumber("users", users);
        if (stats.BytesOut is { } bytesOut) writer.WriteNumber("bytesOut", bytesOut);
        if (stats.FirstSeen is { } firstSeen) writer.WriteString("firstSeen", firstSeen);
        if (stats.LastSeen is { } lastSeen) writer.WriteString("lastSeen", lastSeen);
        writer.WriteEndObject();
    }

    private static string Scrub(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i) && !(i > 0 && char.IsSurrogatePair(text, i - 1)))
            {
                var chars = text.ToCharArray();
                for (var j = i; j < chars.Length; j++)
                {
                    if (char.IsSurrogate(chars[j]) && !char.IsSurrogatePair(text, j) && !(j > 0 && char.IsSurrogatePair(text, j - 1)))
                    {
                        chars[j] = '\uFFFD';
                    }
                }
                return new string(chars);
            }
        }
        return text;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + Ellipsis;
}
