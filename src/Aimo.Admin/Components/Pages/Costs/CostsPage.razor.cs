using Aimo.Admin.Formatting;
using Aimo.Admin.Live;
using Aimo.Core.Budget;
using Aimo.Data.Budget;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Costs;

/// <summary>Where the money goes: spend per model or tier, per hour or per day, and today's A/B spend past the budget.</summary>
public sealed partial class CostsPage : IDisposable
{
    private CostQuery _query = new();
    private BudgetClock? _clock;
    private BudgetView? _budget;
    private TimeBuckets? _buckets;
    private CostBreakdown? _breakdown;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private StackedBarChartOptions _options = new();
    private DateTimeOffset? _updatedAt;
    private LiveRefresh? _live;

    [SupplyParameterFromQuery] public string? From { get; set; }
    [SupplyParameterFromQuery] public string? To { get; set; }
    // A string: a hand-edited window=abc must show the default, not fail the page.
    [SupplyParameterFromQuery] public string? Window { get; set; }
    [SupplyParameterFromQuery] public string? Group { get; set; }

    [Inject] private CostQueries Costs { get; set; } = default!;
    [Inject] private BudgetQueries Budget { get; set; } = default!;
    [Inject] private BudgetSettingsStore Settings { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _live = Live.OnChange([LiveTopic.Batches, LiveTopic.Settings], TimeSpan.FromSeconds(3), () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _clock ??= (await Settings.LoadAsync()).Clock(Time);
        _query = CostQuery.Parse(From, To, Window, Group);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var (from, to) = _query.Range(_clock!, Time.GetUtcNow());
        var buckets = TimeBuckets.For(from, to, _clock!);
        var breakdown = CostBreakdown.From(await Costs.BreakdownAsync(buckets), buckets.Count, _query.Group);
        _budget = await Budget.GetTodayAsync();
        (var unit, var scale) = Batches.CostUnit.For(breakdown.PerBucket.Select(b => b.Sum()).DefaultIfEmpty(0).Max());
        _series = breakdown.Groups.Select((g, i) => new ChartSeries<double>
        {
            Name = g, Data = breakdown.PerBucket.Select(b => (double)(b[i] * scale)).ToArray(),
        }).ToList();
        _labels = ChartLabels.For(buckets);
        _options = new StackedBarChartOptions { YAxisToStringFunc = ChartAxis.Compact, YAxisTitle = unit, MaxNumYAxisTicks = 6 };
        (_buckets, _breakdown, _updatedAt) = (buckets, breakdown, Time.GetUtcNow());
    }

    private Task GoAsync(CostQuery query)
    {
        Navigation.NavigateTo(query.Url, replace: true);
        return Task.CompletedTask;
    }

    public void Dispose() => _live?.Dispose();
}
