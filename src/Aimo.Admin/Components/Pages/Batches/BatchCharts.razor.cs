using System.Globalization;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Batches;

public sealed partial class BatchCharts
{
    private int _hours = 24;
    private IReadOnlyList<HourlyBatchStats> _hoursData = [];
    private string[] _labels = [];
    private List<ChartSeries<double>> _cost = [];
    private List<ChartSeries<double>> _tokens = [];
    private List<ChartSeries<double>> _latency = [];
    private List<ChartSeries<double>> _quality = [];
    private string? _error;
    private string _costUnit = "USD";

    [Inject] private BatchChartQueries Queries { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private Task SetWindowAsync(int hours)
    {
        _hours = hours;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var now = Time.GetUtcNow();
            _hoursData = await Queries.HourlyAsync(now.AddHours(-_hours), now.AddMinutes(1));
            _error = null;
        }
        catch (Exception ex)
        {
            _error = ex.Message;
            _hoursData = [];
        }
        var format = _hours > 24 ? "MM-dd HH:00" : "HH:00";
        // Label every n-th hour only, so a week of hours stays readable.
        var step = Math.Max(1, _hoursData.Count / 12);
        _labels = _hoursData.Select((h, i) => i % step == 0 ? h.Hour.UtcDateTime.ToString(format, CultureInfo.InvariantCulture) : "").ToArray();
        (_costUnit, var scale) = CostUnit.For(_hoursData.Count == 0 ? 0 : _hoursData.Max(h => h.CostUsd));
        _cost = [Series("Cost", h => (double)(h.CostUsd * scale))];
        _tokens = [Series("Input", h => h.InputTokens), Series("Output", h => h.OutputTokens)];
        _latency = [Series("p50", h => h.LatencyP50Ms), Series("p95", h => h.LatencyP95Ms)];
        _quality = [Series("Success %", h => h.SuccessRate * 100), Series("Estimate error %", h => h.EstimateErrorPercent ?? 0)];
    }

    private ChartSeries<double> Series(string name, Func<HourlyBatchStats, double> value) =>
        new() { Name = name, Data = _hoursData.Select(value).ToArray() };
}
