using System.ComponentModel.DataAnnotations;
using Aimo.Data.Operations;

namespace Aimo.Admin.Components.Pages.Settings;

/// <summary>The settings form. The same limits are checked again by <see cref="SettingsCommands.Validate"/> when saving.</summary>
public sealed class SettingsModel
{
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "The daily budget must be between $0 and $1,000,000.")]
    public decimal DailyBudgetUsd { get; set; }

    [Range(typeof(decimal), "0.0001", "1", ErrorMessage = "The soft limit is a fraction between 0 and 1 (e.g. 0.9 for 90%).")]
    public decimal SoftLimitFraction { get; set; }

    [Required(ErrorMessage = "Choose a time zone, e.g. UTC or Europe/Berlin.")]
    public string TimeZone { get; set; } = "UTC";
}
