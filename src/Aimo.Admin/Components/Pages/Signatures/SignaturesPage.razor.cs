using Aimo.Admin.Live;
using Aimo.Core.Budget;
using Aimo.Data.Budget;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Signatures;

public sealed partial class SignaturesPage : IDisposable
{
    private bool _moreRows;
    private MudDataGrid<SignatureRow>? _grid;
    private SignatureQuery _query = new();
    private SignatureQuery? _loaded;
    private SignatureFilter _filter = new();
    private BudgetClock? _clock;
    private DateTimeOffset? _updatedAt;
    private LiveRefresh? _live;

    [SupplyParameterFromQuery(Name = "q")] public string? Text { get; set; }
    [SupplyParameterFromQuery] public string? Category { get; set; }
    [SupplyParameterFromQuery] public string? Risk { get; set; }
    [SupplyParameterFromQuery] public string? Status { get; set; }
    [SupplyParameterFromQuery] public string? Tier { get; set; }
    [SupplyParameterFromQuery] public string? From { get; set; }
    [SupplyParameterFromQuery] public string? To { get; set; }

    [Inject] private SignatureSearchQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BudgetSettingsStore Settings { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            // Classifications and operator actions change statuses; a search over many rows need not follow every batch.
            _live = Live.OnChange([LiveTopic.Batches, LiveTopic.Review], TimeSpan.FromSeconds(2), () => InvokeAsync(async () =>
            {
                if (_grid is not null) await _grid.ReloadServerData();
                _updatedAt = Time.GetUtcNow();
                StateHasChanged();
            }));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _clock ??= (await Settings.LoadAsync()).Clock(Time);
        _query = SignatureQuery.Parse(Text, Category, Risk, Status, Tier, From, To);
        if (_query == _loaded) return;
        var first = _loaded is null;
        _loaded = _query;
        _filter = _query.ToFilter(_clock);
        if (!first && _grid is not null) await _grid.ReloadServerData();
    }

    private async Task<GridData<SignatureRow>> LoadAsync(GridState<SignatureRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var sortBy = sort?.SortBy switch { nameof(SignatureRow.Host) => "Host", nameof(SignatureRow.Id) => "Id", _ => null };
        var result = await Queries.SearchAsync(new PageRequest(state.Page, state.PageSize, sortBy, sort?.Descending ?? true), _filter, cancellationToken);
        _moreRows = result.More;
        return new GridData<SignatureRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private Task GoAsync(SignatureQuery query)
    {
        Navigation.NavigateTo(query.Url, replace: true);
        return Task.CompletedTask;
    }

    private void Open(DataGridRowClickEventArgs<SignatureRow> row) => Navigation.NavigateTo($"signatures/{Uri.EscapeDataString(row.Item.Id)}");

    public void Dispose() => _live?.Dispose();
}
