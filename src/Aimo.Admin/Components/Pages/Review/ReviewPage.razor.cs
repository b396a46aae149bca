using Aimo.Admin.Live;
using Aimo.Core.Budget;
using Aimo.Data.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Operations;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Review;

public sealed partial class ReviewPage : IDisposable
{
    private bool _moreRows;
    private static readonly string[] Reasons = ReviewReasons.All;

    private MudDataGrid<ReviewRow>? _grid;
    private HashSet<ReviewRow> _selected = [];
    private ReviewQuery _query = new();
    private ReviewQuery? _loaded;
    private ReviewFilter _filter = new();
    private BudgetClock? _clock;
    private bool _busy;
    private bool _stale;
    private DateTimeOffset? _updatedAt;
    private LiveRefresh? _live;

    [SupplyParameterFromQuery] public string? Status { get; set; }
    [SupplyParameterFromQuery] public string? Reason { get; set; }
    [SupplyParameterFromQuery] public string? Tier { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? Text { get; set; }
    [SupplyParameterFromQuery] public string? From { get; set; }
    [SupplyParameterFromQuery] public string? To { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] private ReviewGridQueries Queries { get; set; } = default!;
    [Inject] private ReviewActions Actions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private BudgetSettingsStore Settings { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _live = Live.OnChange([LiveTopic.Review], TimeSpan.FromSeconds(1), () => InvokeAsync(OnQueueChangedAsync));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _clock ??= (await Settings.LoadAsync()).Clock(Time);
        _query = ReviewQuery.Parse(Status, Reason, Tier, Text, From, To);
        if (_query == _loaded) return;
        var first = _loaded is null;
        _loaded = _query;
        _filter = _query.ToFilter(_clock);
        _selected = [];
        if (!first && _grid is not null) await _grid.ReloadServerData();
    }

    /// <summary>New or handled items: reload, unless the operator has items selected (rows must not move under a pending action).</summary>
    private async Task OnQueueChangedAsync()
    {
        if (_selected.Count > 0 || _busy)
        {
            _stale = true;
        }
        else if (_grid is not null)
        {
            await _grid.ReloadServerData();
            _updatedAt = Time.GetUtcNow();
        }
        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        _stale = false;
        _selected = [];
        if (_grid is not null) await _grid.ReloadServerData();
        _updatedAt = Time.GetUtcNow();
    }

    private Task GoAsync(ReviewQuery query)
    {
        Navigation.NavigateTo(query.Url, replace: true);
        return Task.CompletedTask;
    }

    private async Task<GridData<ReviewRow>> LoadAsync(GridState<ReviewRow> state, CancellationToken cancellationToken)
    {
        var result = await Queries.ListAsync(new PageRequest(state.Page, state.PageSize), _filter, cancellationToken);
        _moreRows = result.More;
        return new GridData<ReviewRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private async Task ActAsync(ReviewActionKind kind, IReadOnlyList<ReviewRow> rows)
    {
        if (rows.Count == 0) return;
        var parameters = new DialogParameters<ReviewActionDialog> { { d => d.Kind, kind }, { d => d.Count, rows.Count } };
        var dialog = await Dialogs.ShowAsync<ReviewActionDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: ReviewDecision decision }) return;

        var actor = (await AuthenticationState).User.Identity?.Name ?? "unknown";
        _busy = true;
        var outcomes = new List<ReviewActionResult>();
        try
        {
            foreach (var row in rows)
            {
                outcomes.Add(decision.Kind switch
                {
                    ReviewActionKind.Requeue => await Actions.RequeueAsync(row.Item.Id, actor),
                    ReviewActionKind.Resolve => await Actions.ResolveAsync(row.Item.Id, decision.Category!, decision.Risk!, decision.Note, actor),
                    _ => await Actions.DismissAsync(row.Item.Id, actor),
                });
            }
        }
        catch (Exception ex)
        {
            Snackbar.Add($"The action failed: {ex.Message}. Items already handled keep their new state.", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        Report(kind, outcomes);
        _selected = [];
        _stale = false;
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private void Report(ReviewActionKind kind, List<ReviewActionResult> outcomes)
    {
        var done = outcomes.Count(o => o.Outcome is ReviewActionOutcome.Done or ReviewActionOutcome.AlreadyDone);
        if (done > 0) Snackbar.Add(ReviewSummary.Done(kind, done), Severity.Success);
        foreach (var failed in outcomes.Where(o => o.Outcome is not (ReviewActionOutcome.Done or ReviewActionOutcome.AlreadyDone)))
        {
            Snackbar.Add($"#{failed.Item?.Id}: {failed.Message ?? failed.Outcome.ToString()}", Severity.Warning);
        }
    }

    private static string Excerpt(string? raw) => raw is null ? "—" : raw.Length <= 160 ? raw : raw[..160] + "…";

    public void Dispose() => _live?.Dispose();
}
