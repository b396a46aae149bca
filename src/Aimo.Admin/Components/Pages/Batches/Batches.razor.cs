using Aimo.Core.Budget;
using Aimo.Data.Budget;
using Microsoft.AspNetCore.Components;

namespace Aimo.Admin.Components.Pages.Batches;

/// <summary>The URL is the page's state: filters are read from it, and every change is a navigation to the new URL.</summary>
public sealed partial class Batches
{
    private BatchQuery _query = new();
    private BudgetClock? _clock;
    private DateTimeOffset? _updatedAt;

    [SupplyParameterFromQuery] public string? Status { get; set; }
    [SupplyParameterFromQuery] public string? Tier { get; set; }
    [SupplyParameterFromQuery] public string? From { get; set; }
    [SupplyParameterFromQuery] public string? To { get; set; }
    // A string: a hand-edited window=abc must show the default, not fail the page.
    [SupplyParameterFromQuery] public string? Window { get; set; }

    [Inject] private BudgetSettingsStore Settings { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _clock ??= (await Settings.LoadAsync()).Clock(Time);
        _query = BatchQuery.Parse(Status, Tier, From, To, Window);
    }

    private Task GoAsync(BatchQuery query)
    {
        Navigation.NavigateTo(query.Url, replace: true);
        return Task.CompletedTask;
    }

    private void OnRefreshed(DateTimeOffset at)
    {
        _updatedAt = at;
        StateHasChanged();
    }
}
