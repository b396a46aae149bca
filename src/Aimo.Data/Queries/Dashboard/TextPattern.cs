namespace Aimo.Data.Queries.Dashboard;

/// <summary>Free-text search as an ILIKE pattern: the text anywhere, with the user's % and _ taken literally.</summary>
internal static class TextPattern
{
    public static string? From(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
