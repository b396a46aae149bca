using Aimo.Admin.Components.Pages.Batches;
using MudBlazor;

namespace Aimo.Admin.Tests;

/// <summary>What the chart draws for buckets without data: the browser test counts the same SVG line commands.</summary>
public sealed class ChartBoxTests : MudTestContext
{
    private int LineSegments(ChartType type, params double?[] values)
    {
        var cut = Render<ChartBox>(p => p
            .Add(c => c.Title, "t")
            .Add(c => c.Type, type)
            .Add(c => c.Labels, values.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .Add(c => c.Series, [new ChartSeries<double> { Name = "p50", Data = values }]));
        return cut.FindAll("path.mud-chart-line").Sum(p => (p.GetAttribute("d") ?? "").Count(ch => ch is 'L' or 'l' or 'C'));
    }

    [Fact]
    public void Neighbouring_points_are_joined_by_a_line() => Assert.True(LineSegments(ChartType.Line, 900, 950, null, 2400) >= 1);

    [Fact]
    public void Points_separated_by_empty_buckets_are_not_joined() => Assert.Equal(0, LineSegments(ChartType.Line, 900, null, null, null, 2400));
}
