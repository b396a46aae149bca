using System.ComponentModel.DataAnnotations;
using Aimo.Data.Operations;

namespace Aimo.Admin.Components.Pages.Settings;

/// <summary>
/// The settings form, checked by the rules <see cref="SettingsCommands.Validate"/> saves with (both ask
/// <see cref="Aimo.Core.Budget.BudgetSettingsRules"/>), so the form never accepts what saving refuses, or the reverse.
/// </summary>
public sealed class SettingsModel
{
    [DailyBudgetRule]
    public decimal DailyBudgetUsd { get; set; }

    [SoftLimitFractionRule]
    public decimal SoftLimitFraction { get; set; }

    [Required(ErrorMessage = "Choose a time zone, e.g. UTC or Europe/Berlin.")]
    public string TimeZone { get; set; } = "UTC";
}
