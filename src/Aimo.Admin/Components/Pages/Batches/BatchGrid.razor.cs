using Aimo.Admin.Live;
using Aimo.Core.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Batches;

public sealed partial class BatchGrid : IDisposable
{
    private bool _moreRows;
    private MudDataGrid<BatchRecord>? _grid;
    private BatchQuery? _loaded;
    private BatchFilter _filter = new();
    private LiveRefresh? _live;

    [Parameter, EditorRequired] public BatchQuery Query { get; set; } = default!;
    [Parameter, EditorRequired] public BudgetClock Clock { get; set; } = default!;
    [Parameter] public EventCallback<BatchQuery> QueryChanged { get; set; }
    /// <summary>Called after the grid reloaded because the workers committed batches.</summary>
    [Parameter] public EventCallback<DateTimeOffset> Refreshed { get; set; }

    [Inject] private BatchGridQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _live = Live.OnChange([LiveTopic.Batches], TimeSpan.FromSeconds(1), () => InvokeAsync(async () =>
            {
                if (_grid is not null) await _grid.ReloadServerData();
                await Refreshed.InvokeAsync(Time.GetUtcNow());
            }));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Query == _loaded) return;
        var first = _loaded is null;
        _loaded = Query;
        _filter = Query.ToFilter(Clock);
        // The grid loads itself on first render; after that a new filter (a new URL) reloads it.
        if (!first && _grid is not null) await _grid.ReloadServerData();
    }

    private async Task<GridData<BatchRecord>> LoadAsync(GridState<BatchRecord> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = new PageRequest(state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? true);
        var result = await Queries.ListAsync(page, _filter, cancellationToken);
        _moreRows = result.More;
        return new GridData<BatchRecord> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private void OpenAsync(DataGridRowClickEventArgs<BatchRecord> row) => Navigation.NavigateTo($"batches/{row.Item.Id}");

    public void Dispose() => _live?.Dispose();
}
