using Aimo.Admin.Alerts;
using Aimo.Admin.Live;
using Aimo.Data.Alerts;
using Aimo.Data.Budget;
using Aimo.Data.Llm;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Components.Pages.Overview;

/// <summary>
/// Reloads when something changes (batches, review, settings, queue, LLM health, alerts), at most every
/// <see cref="RefreshInterval"/>; nothing is polled per page. A slow tick only redraws times that depend on the clock.
/// </summary>
public sealed partial class Overview : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cts = new();
    private BudgetView? _budget;
    private LlmStatusView? _llm;
    private OverviewStats? _stats;
    private ThroughputView? _throughput;
    private JobsInFlight? _jobs;
    private IReadOnlyList<BudgetAlert> _alerts = [];
    private DateTimeOffset _dayStart;
    private DateTimeOffset _dayEnd;
    private DateTimeOffset? _updatedAt;
    private string? _error;
    private string _thresholds = "";
    private LiveRefresh? _live;

    [Inject] private BudgetQueries BudgetQueries { get; set; } = default!;
    [Inject] private LlmStatusQueries LlmStatus { get; set; } = default!;
    [Inject] private OverviewQueries OverviewQueries { get; set; } = default!;
    [Inject] private ThroughputQueries ThroughputQueries { get; set; } = default!;
    [Inject] private BatchJobQueries BatchJobs { get; set; } = default!;
    [Inject] private BudgetAlertLog AlertLog { get; set; } = default!;
    [Inject] private IOptions<BudgetAlertOptions> AlertOptions { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ILogger<Overview> Logger { get; set; } = default!;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        _thresholds = string.Join(", ", AlertOptions.Value.EffectiveFractions.Select(f => $"{f * 100:0.##} %"));
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _live = Live.OnChange(Enum.GetValues<LiveTopic>(), RefreshInterval, () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
            _ = ClockLoopAsync(_cts.Token);
        }
    }

    private async Task ClockLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ClockTick, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
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
            _throughput = await ThroughputQueries.GetAsync(_cts.Token);
            _jobs = await BatchJobs.InFlightAsync(_cts.Token);
            _alerts = await AlertLog.ForDayAsync(budget.Day, _cts.Token);
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
        _live?.Dispose();
        _cts.Cancel();
        _cts.Dispose();
    }
}
