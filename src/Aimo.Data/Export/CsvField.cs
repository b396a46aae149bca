namespace Aimo.Data.Export;

/// <summary>
/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. Text that a
/// spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, or a tab or carriage
/// return, which some spreadsheets skip before looking) gets a leading apostrophe: exported hosts, paths and model
/// answers come from untrusted traffic and must never execute in an operator's spreadsheet.
/// </summary>
public static class CsvField
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    /// <summary>A text value (untrusted): formula-guarded, then quoted as needed.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        return Quote(FormulaStarts.Contains(value[0]) ? "'" + value : value);
    }

    /// <summary>A value the exporter formatted itself (numbers, dates, ids): quoted as needed, never altered.</summary>
    public static string Quote(string value) =>
        value.IndexOfAny(NeedsQuotes) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
