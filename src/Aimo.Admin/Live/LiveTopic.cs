namespace Aimo.Admin.Live;

/// <summary>What changed. Pages pick the topics they show.</summary>
public enum LiveTopic
{
    /// <summary>A worker committed a batch (Redis <c>aimo:events:batches</c>).</summary>
    Batches,
    /// <summary>Review items were written or acted on (<c>aimo:events:review</c>).</summary>
    Review,
    /// <summary>The budget settings changed (<c>aimo:settings-changed</c>).</summary>
    Settings,
    /// <summary>A tier stream's length or oldest entry changed (read from Redis by this replica).</summary>
    Queue,
    /// <summary>The LLM's health changed: paused, resumed, a new error (read from <c>aimo:llm:health</c>).</summary>
    Llm,
    /// <summary>A budget alert was sent (<c>aimo:events:budget-alert</c>); the message is the alert.</summary>
    BudgetAlert,
}

/// <param name="Message">The pub/sub message, when there was one.</param>
public sealed record LiveEvent(LiveTopic Topic, string? Message = null);
