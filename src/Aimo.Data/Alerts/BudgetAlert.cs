using System.Globalization;

namespace Aimo.Data.Alerts;

/// <summary>A budget threshold crossed on a budget day, as the UI shows it, the webhook posts it and the audit log keeps it.</summary>
/// <param name="Threshold">The threshold id, e.g. <c>spent-80</c> (see <c>BudgetThresholds</c>).</param>
/// <param name="Delivery">What happened to the webhook post: "posted", "not configured", or the failure.</param>
public sealed record BudgetAlert(DateOnly Day, string TimeZone, string Threshold, string Title, decimal BudgetUsd, decimal SpentUsd,
    decimal OverspendUsd, DateTimeOffset At, string? Delivery = null)
{
    /// <summary>One line an operator reads in a chat channel.</summary>
    public string Text => string.Format(CultureInfo.InvariantCulture,
        "AIMO budget alert — {0}: ${1:0.00##} spent of ${2:0.00##} on {3:yyyy-MM-dd} ({4}){5}",
        Title, SpentUsd, BudgetUsd, Day, TimeZone,
        OverspendUsd > 0 ? string.Format(CultureInfo.InvariantCulture, ", ${0:0.00##} over the budget.", OverspendUsd) : ".");
}
