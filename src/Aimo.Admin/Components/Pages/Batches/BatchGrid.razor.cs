using Aimo.Data.Entities;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Batches;

public sealed partial class BatchGrid
{
    private MudDataGrid<BatchRecord>? _grid;
    private string? _status;
    private string? _tier;

    [Inject] private BatchGridQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private async Task<GridData<BatchRecord>> LoadAsync(GridState<BatchRecord> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = new PageRequest(state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? true);
        var result = await Queries.ListAsync(page, new BatchFilter(_status, _tier), cancellationToken);
        return new GridData<BatchRecord> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private Task SetStatusAsync(string? status)
    {
        _status = status;
        return _grid?.ReloadServerData() ?? Task.CompletedTask;
    }

    private Task SetTierAsync(string? tier)
    {
        _tier = tier;
        return _grid?.ReloadServerData() ?? Task.CompletedTask;
    }

    private void OpenAsync(DataGridRowClickEventArgs<BatchRecord> row) => Navigation.NavigateTo($"batches/{row.Item.Id}");
}
