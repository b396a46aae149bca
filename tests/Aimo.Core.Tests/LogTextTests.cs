using Aimo.Core;

namespace Aimo.Core.Tests;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("sig_1\r\nINFO: forged line", "sig_1\\r\\nINFO: forged line")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("\u001b[31mred", "\\u001b[31mred")]
    [InlineData("line\u2028separator", "line\\u2028separator")]
    [InlineData("plain ünicode text", "plain ünicode text")]
    public void Control_characters_become_visible_escapes(string text, string expected) => Assert.Equal(expected, LogText.Escape(text));

    [Fact]
    public void Long_text_is_cut()
    {
        var escaped = LogText.Escape(new string('x', 1_000), 100);
        Assert.Equal(101, escaped.Length);
        Assert.EndsWith("…", escaped);
    }
}
