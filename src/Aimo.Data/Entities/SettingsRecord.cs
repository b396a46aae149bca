namespace Aimo.Data.Entities;

/// <summary>Operator settings (table <c>settings</c>, a single row with id 1).</summary>
public sealed class SettingsRecord
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public decimal DailyBudgetUsd { get; set; } = 5m;
    public double SoftLimitFraction { get; set; } = 0.9;
    /// <summary>IANA time zone that decides where a budget day starts.</summary>
    public string TimeZone { get; set; } = "UTC";
    public string? UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
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
