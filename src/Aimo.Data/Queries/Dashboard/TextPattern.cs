namespace Aimo.Data.Queries.Dashboard;

/// <summary>
/// A grid's free text as a "contains" ILIKE pattern that matches the text literally: '_', '%' and '\' are escaped
/// with <see cref="Escape"/>, which the query must name (Npgsql otherwise sends <c>ESCAPE ''</c>, so an escaped
/// '_' would match nothing — and signature ids are full of them).
/// </summary>
internal static class TextPattern
{
    public const string Escape = "\\";

    public static string? From(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
