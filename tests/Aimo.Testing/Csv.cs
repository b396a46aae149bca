using System.Text;

namespace Aimo.Testing;

/// <summary>A strict RFC 4180 reader for checking exports: quoted fields, doubled quotes, line breaks inside quotes.</summary>
public static class Csv
{
    /// <summary>Rows of fields, header first.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); i++; }
            else if (c == '"') throw new FormatException($"A quote inside an unquoted field at {i}.");
            else field.Append(c);
        }
        if (quoted) throw new FormatException("The file ends inside a quoted field.");
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }

    /// <summary>The rows after the header as name → value maps.</summary>
    public static List<Dictionary<string, string>> Records(string text)
    {
        var rows = Parse(text);
        var header = rows[0];
        return rows.Skip(1).Select(r =>
        {
            Assert.Equal(header.Length, r.Length);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }
}
