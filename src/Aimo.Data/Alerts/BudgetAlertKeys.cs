namespace Aimo.Data.Alerts;

/// <summary>The budget alerts' Redis layout.</summary>
public static class BudgetAlertKeys
{
    /// <summary>Pub/sub channel on which an admin replica announces a budget alert it has just claimed (JSON).</summary>
    public const string Channel = "aimo:events:budget-alert";

    /// <summary>
    /// The claim of one budget alert (a threshold on a budget day): set once with NX by the admin replica that sends it,
    /// so the alert goes out once per day per threshold however many replicas watch and however often they restart.
    /// </summary>
    public static string Sent(DateOnly day, string threshold) => $"aimo:budget-alert:{day:yyyy-MM-dd}:{threshold}";

    /// <summary>Every alert claim (a Redis glob).</summary>
    public const string SentPattern = "aimo:budget-alert:*";
}
