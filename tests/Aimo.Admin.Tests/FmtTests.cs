using Aimo.Admin.Formatting;

namespace Aimo.Admin.Tests;

public sealed class FmtTests
{
    [Theory]
    [InlineData("1234.5", "$1,234.50")]
    [InlineData("0", "$0.00")]
    [InlineData("0.0042", "$0.0042")]
    [InlineData("0.000123", "$0.000123")]
    [InlineData("0.25", "$0.25")]
    [InlineData("-2", "-$2.00")]
    public void Usd_keeps_small_amounts_visible_and_groups_thousands(string value, string expected) =>
        Assert.Equal(expected, Fmt.Usd(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Missing_values_show_a_dash()
    {
        Assert.Equal("—", Fmt.Usd(null));
        Assert.Equal("—", Fmt.Duration((double?)null));
        Assert.Equal("—", Fmt.Percent(null));
        Assert.Equal("—", Fmt.Percent(double.NaN));
        Assert.Equal("—", Fmt.Thousands(null));
    }

    [Theory]
    [InlineData(850, "850 ms")]
    [InlineData(1250, "1.25 s")]
    [InlineData(125_000, "2 min 5 s")]
    [InlineData(3_780_000, "1 h 3 min")]
    public void Durations_pick_a_readable_unit(double ms, string expected) => Assert.Equal(expected, Fmt.Duration(ms));

    [Fact]
    public void Percent_and_thousands()
    {
        Assert.Equal("95.3%", Fmt.Percent(0.953));
        Assert.Equal("90%", Fmt.Percent(0.9, 0));
        Assert.Equal("1,234,567", Fmt.Thousands(1_234_567));
    }

    [Theory]
    [InlineData("soft_limited", "Soft limited")]
    [InlineData("needs_review", "Needs review")]
    [InlineData(null, "—")]
    public void Labels_turn_wire_names_into_words(string? wire, string expected) => Assert.Equal(expected, Fmt.Label(wire));
}

public sealed class CostUnitTests
{
    [Theory]
    [InlineData("120", "USD", "1")]
    [InlineData("0.5", "US cents", "100")]
    [InlineData("0.0004", "micro-USD", "1000000")]
    [InlineData("0", "micro-USD", "1000000")]
    public void Small_hourly_costs_are_charted_in_a_unit_that_shows_them(string max, string unit, string scale)
    {
        var (u, s) = Aimo.Admin.Components.Pages.Batches.CostUnit.For(decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(unit, u);
        Assert.Equal(decimal.Parse(scale, System.Globalization.CultureInfo.InvariantCulture), s);
    }
}
