using Aimo.Admin.Formatting;
using Aimo.Admin.Live;
using Aimo.Core.Budget;
using DateRange = Aimo.Data.Queries.DateRange;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Batches;

/// <summary>
/// Per-hour (or per-day) charts of the page's date range, or of the last 6 h / 24 h / 7 days. Every bucket gets a
/// value: cost and tokens are zero bars when nothing ran; latency and rates are gaps, because "no batches" is not
/// "0 ms" and a line must not join two real points across empty hours.
/// </summary>
public sealed partial class BatchCharts : IDisposable
{
    private TimeBuckets? _buckets;
    private IReadOnlyList<BucketStats> _stats = [];
    private string[] _labels = [];
    private List<ChartSeries<double>> _cost = [];
    private List<ChartSeries<double>> _tokens = [];
    private List<ChartSeries<double>> _latency = [];
    private List<ChartSeries<double>> _quality = [];
    private string _costUnit = "USD";
    private string? _error;
    private BatchQuery? _loaded;
    private LiveRefresh? _live;

    [Parameter, EditorRequired] public BatchQuery Query { get; set; } = default!;
    [Parameter, EditorRequired] public BudgetClock Clock { get; set; } = default!;
    [Parameter] public EventCallback<BatchQuery> QueryChanged { get; set; }

    [Inject] private BatchChartQueries Queries { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    private string RangeText => _buckets is { } b ? $"{ChartLabels.Range(b)}" : "";

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            // Aggregates over hours: a few seconds late is fine, and spares PostgreSQL on a busy worker.
            _live = Live.OnChange([LiveTopic.Batches], TimeSpan.FromSeconds(5), () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Query == _loaded) return;
        _loaded = Query;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var now = Time.GetUtcNow();
        var range = DateRange.FromDays(Query.From, Query.To, Clock);
        var to = range.To ?? now;
        var from = range.From ?? to.AddHours(-Query.Window);
        _buckets = TimeBuckets.For(from, to, Clock);
        try
        {
            _stats = await Queries.PerBucketAsync(_buckets);
            _error = null;
        }
        catch (Exception ex)
        {
            _error = ex.Message;
            _stats = [];
        }
        Build(_buckets);
    }

    private void Build(TimeBuckets buckets)
    {
        _labels = ChartLabels.For(buckets);
        (_costUnit, var scale) = CostUnit.For(_stats.Count == 0 ? 0 : _stats.Max(h => h.CostUsd));
        _cost = [Bars("Cost", s => (double)(s.CostUsd * scale))];
        _tokens = [Bars("Input", s => s.InputTokens), Bars("Output", s => s.OutputTokens)];
        _latency = [Line("p50", s => s.LatencyP50Ms), Line("p95", s => s.LatencyP95Ms)];
        _quality = [Line("Success %", s => s.SuccessRate * 100), Line("Estimate error %", s => s.EstimateErrorPercent)];
    }

    private ChartSeries<double> Bars(string name, Func<BucketStats, double> value) =>
        new() { Name = name, Data = _stats.Select(value).ToArray() };

    private ChartSeries<double> Line(string name, Func<BucketStats, double?> value) =>
        new() { Name = name, Data = _stats.Select(value).ToArray() };

    public void Dispose() => _live?.Dispose();
}
