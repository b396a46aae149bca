using Aimo.Core.Budget;

namespace Aimo.Data.Entities;

/// <summary>Operator settings (table <c>settings</c>, a single row with id 1): the budget, see <see cref="BudgetSettings"/>.</summary>
public sealed class SettingsRecord
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public decimal DailyBudgetUsd { get; set; } = BudgetSettings.DefaultDailyBudgetUsd;
    public decimal SoftLimitFraction { get; set; } = BudgetSettings.DefaultSoftLimitFraction;
    /// <summary>IANA time zone that decides where a budget day starts (from <see cref="TimeZoneChangeAt"/>, when set).</summary>
    public string TimeZone { get; set; } = BudgetSettings.DefaultTimeZone;
    /// <summary>The zone the last time-zone change replaced; in effect until <see cref="TimeZoneChangeAt"/>.</summary>
    public string? PreviousTimeZone { get; set; }
    public DateTimeOffset? TimeZoneChangeAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public BudgetSettings ToBudgetSettings() => new(DailyBudgetUsd, SoftLimitFraction, TimeZone, PreviousTimeZone, TimeZoneChangeAt);
}

/// <summary>Who changed what and when (table <c>audit_log</c>): settings changes and review actions.</summary>
public sealed class AuditEntryRecord
{
    public long Id { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset At { get; set; }
}
