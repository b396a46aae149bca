using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Aimo.Data.Results;

/// <summary>
/// The results feed's cursor: opaque to feeders (so its encoding can change), a position in commit order inside.
/// "Start" is the empty cursor.
/// </summary>
public static class FeedCursor
{
    private const string Prefix = "feed1:";

    public static string Encode(long seq) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + seq.ToString(CultureInfo.InvariantCulture)));

    /// <summary>False for anything this service did not hand out; null or empty is the start of the feed.</summary>
    public static bool TryDecode(string? cursor, out long seq)
    {
        seq = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}
