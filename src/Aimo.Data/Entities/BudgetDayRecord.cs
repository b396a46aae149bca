namespace Aimo.Data.Entities;

/// <summary>
/// The spend ledger of one budget day (table <c>budget_days</c>). Redis holds the live counters;
/// this row is their durable copy, so losing Redis never resets the day's spend to zero.
/// </summary>
public sealed class BudgetDayRecord
{
    public DateOnly Day { get; set; }
    public decimal BudgetUsd { get; set; }
    public decimal SpentUsd { get; set; }
    public int Batches { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
