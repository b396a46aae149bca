namespace Aimo.Data.Export;

/// <summary>
/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. Text that a
/// spreadsheet would run as a formula gets a leading apostrophe: text whose first non-whitespace character is
/// <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (spreadsheets skip leading blanks, tabs and line breaks before looking,
/// so <c>"  =HYPERLINK(...)"</c> runs too), and any text starting with a tab or line break. Exported hosts, paths and
/// model answers come from untrusted traffic and must never execute in an operator's spreadsheet.
/// </summary>
public static class CsvField
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@'];
    private static readonly char[] ControlStarts = ['\t', '\r', '\n'];
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    /// <summary>A text value (untrusted): formula-guarded, then quoted as needed.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        return Quote(RunsAsFormula(value) ? "'" + value : value);
    }

    private static bool RunsAsFormula(string value)
    {
        if (ControlStarts.Contains(value[0]))
        {
            return true;
        }
        var first = value.AsSpan().TrimStart();
        return first.Length > 0 && FormulaStarts.Contains(first[0]);
    }

    /// <summary>A value the exporter formatted itself (numbers, dates, ids): quoted as needed, never altered.</summary>
    public static string Quote(string value) =>
        value.IndexOfAny(NeedsQuotes) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
