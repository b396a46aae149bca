using Aimo.Data.Budget;
using Aimo.Data.Llm;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;

namespace Aimo.Admin.Components.Pages.Overview;

public sealed partial class Overview : IDisposable
{
    public const int RefreshSeconds = 3;

    private readonly CancellationTokenSource _cts = new();
    private BudgetView? _budget;
    private LlmStatusView? _llm;
    private OverviewStats? _stats;
    private DateTimeOffset _dayStart;
    private DateTimeOffset _dayEnd;
    private DateTimeOffset? _updatedAt;
    private string? _error;

    [Inject] private BudgetQueries BudgetQueries { get; set; } = default!;
    [Inject] private LlmStatusQueries LlmStatus { get; set; } = default!;
    [Inject] private OverviewQueries OverviewQueries { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ILogger<Overview> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _ = RefreshLoopAsync(_cts.Token);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(RefreshSeconds), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await LoadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left: the circuit disposed it.
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var budget = await BudgetQueries.GetTodayAsync(_cts.Token);
            _dayStart = budget.DayStartsAt;
            _dayEnd = budget.NextDayStartsAt;
            _stats = await OverviewQueries.GetAsync(_dayStart, _cts.Token);
            _budget = budget;
            _llm = await LlmStatus.GetAsync();
            _updatedAt = Time.GetUtcNow();
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Overview refresh failed");
            _error = ex.Message;
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
