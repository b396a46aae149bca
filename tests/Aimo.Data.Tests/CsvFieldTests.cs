using Aimo.Data.Export;

namespace Aimo.Data.Tests;

public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void Text_a_spreadsheet_would_run_as_a_formula_is_defused(string value, string field) =>
        Assert.Equal(field, CsvField.Text(value));

    // Spreadsheets skip leading blanks and line breaks before deciding that a cell is a formula.
    [Theory]
    [InlineData("  =HYPERLINK(\"http://evil\",\"x\")", "\"'  =HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")]
    [InlineData(" \t=cmd|' /C calc'!A0", "' \t=cmd|' /C calc'!A0")]
    [InlineData("\n=1+1", "\"'\n=1+1\"")]
    [InlineData("\r\n@SUM(A1)", "\"'\r\n@SUM(A1)\"")]
    [InlineData("\u00A0-2+3", "'\u00A0-2+3")]
    public void Text_whose_first_visible_character_starts_a_formula_is_defused(string value, string field) =>
        Assert.Equal(field, CsvField.Text(value));

    [Theory]
    [InlineData("api.openai.com", "api.openai.com")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_is_quoted_only_when_needed_and_quotes_are_doubled(string? value, string field) =>
        Assert.Equal(field, CsvField.Text(value));

    [Fact]
    public void Numbers_the_exporter_formats_are_never_prefixed() => Assert.Equal("-0.5", CsvField.Quote("-0.5"));
}
