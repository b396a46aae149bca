using System.ComponentModel.DataAnnotations;

namespace Aimo.Core.Budget;

/// <summary>Daily budget settings, bound from <c>Aimo:Budget</c>.</summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Aimo:Budget";

    [Range(typeof(decimal), "0", "1000000")]
    public decimal DailyBudgetUsd { get; set; } = 5m;

    /// <summary>Fraction of the budget past which tier C waits.</summary>
    [Range(typeof(decimal), "0", "1")]
    public decimal SoftLimitFraction { get; set; } = 0.9m;

    /// <summary>IANA time zone of the budget day, e.g. <c>Europe/Berlin</c>.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}
