using Aimo.Data.Operations;
using Aimo.Data.Budget;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Aimo.Admin.Components.Pages.Settings;

public sealed partial class SettingsPage
{
    private static readonly string[] Zones = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
        .Append("UTC").Distinct().Order(StringComparer.Ordinal).ToArray();

    private SettingsModel? _model;
    private string? _loadError;
    private List<string> _errors = [];
    private bool _saving;
    private DateTimeOffset? _savedAt;
    private string? _savedBy;
    private DateTimeOffset? _pendingZoneAt;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] private BudgetQueries Budget { get; set; } = default!;
    [Inject] private SettingsCommands Commands { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var today = await Budget.GetTodayAsync();
            _model = new SettingsModel { DailyBudgetUsd = today.BudgetUsd, SoftLimitFraction = today.SoftLimitFraction, TimeZone = today.PendingTimeZone ?? today.TimeZone };
            _pendingZoneAt = today.TimeZoneChangeAt;
        }
        catch (Exception ex)
        {
            _loadError = $"{ex.Message} — check that PostgreSQL and Redis are running.";
        }
    }

    private async Task SaveAsync()
    {
        if (_model is null) return;
        _saving = true;
        _savedAt = null;
        try
        {
            var actor = (await AuthenticationState).User.Identity?.Name ?? "unknown";
            var result = await Commands.UpdateBudgetAsync(_model.DailyBudgetUsd, _model.SoftLimitFraction, _model.TimeZone, actor);
            _errors = result.Errors.SelectMany(e => e.Value).ToList();
            if (result.Succeeded)
            {
                _savedAt = Time.GetUtcNow();
                _savedBy = actor;
                _pendingZoneAt = result.TimeZoneChangeAt;
            }
        }
        catch (Exception ex)
        {
            _errors = [$"Saving failed: {ex.Message}"];
        }
        finally
        {
            _saving = false;
        }
    }

    private Task<IEnumerable<string>> SearchZonesAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? Zones.AsEnumerable()
            : Zones.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));
}
