using Aimo.Data.Entities;
using Aimo.Data.Operations;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Aimo.Admin.Components.Pages.Review;

public sealed partial class ReviewPage
{
    private static readonly string[] Reasons =
    [
        ReviewReasons.LlmUnavailable, ReviewReasons.InvalidJson, ReviewReasons.InvalidItem,
        ReviewReasons.MissingItem, ReviewReasons.Truncated, ReviewReasons.Poison,
    ];

    private MudDataGrid<ReviewRow>? _grid;
    private HashSet<ReviewRow> _selected = [];
    private ReviewFilter _filter = new();
    private bool _busy;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] private ReviewGridQueries Queries { get; set; } = default!;
    [Inject] private ReviewActions Actions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private async Task<GridData<ReviewRow>> LoadAsync(GridState<ReviewRow> state, CancellationToken cancellationToken)
    {
        var result = await Queries.ListAsync(new PageRequest(state.Page, state.PageSize), _filter, cancellationToken);
        return new GridData<ReviewRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private Task FilterAsync(ReviewFilter filter)
    {
        _filter = filter;
        _selected = [];
        return _grid?.ReloadServerData() ?? Task.CompletedTask;
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
}
