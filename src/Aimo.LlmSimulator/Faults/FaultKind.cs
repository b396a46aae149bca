namespace Aimo.LlmSimulator.Faults;

/// <summary>What the simulator does to one chat request. Serialized snake_case (<c>http500</c>, <c>invalid_json</c>).</summary>
public enum FaultKind
{
    None,
    Http500,
    Http503,
    Http429,
    Hang,
    InvalidJson,
    Truncated,
    DroppedItems,
    ExtraIds,
    CodeFence,
}
