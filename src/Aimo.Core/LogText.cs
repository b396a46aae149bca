using System.Globalization;
using System.Text;

namespace Aimo.Core;

/// <summary>
/// Text a model or a caller wrote, made safe for a log line or an error column: control characters (CR, LF, TAB,
/// ESC, ...) and the Unicode line separators become visible escapes, so no such text can forge a log line or colour
/// a terminal; long text is cut.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 500;

    public static string Escape(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                return builder.Append('…').ToString();
            }
            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' =>
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }
        return builder.ToString();
    }
}
