namespace Aimo.LlmSimulator.Faults;

/// <summary>The fate of one chat request, decided when it arrives.</summary>
/// <param name="Kind">The fault to inject, or <see cref="FaultKind.None"/>.</param>
/// <param name="Latency">Delay before answering.</param>
/// <param name="Profile">The profile in force when the decision was made (for Retry-After, hang length).</param>
/// <param name="Forced">True when the fault came from the forced queue rather than a random draw.</param>
public sealed record FaultDecision(FaultKind Kind, TimeSpan Latency, FaultProfile Profile, bool Forced);

/// <summary>
/// A fault queued for a coming request. With <paramref name="Match"/>, only a request whose messages contain
/// that text takes it (e.g. a signature's host), so a test's fault cannot be used up by someone else's batch.
/// </summary>
public sealed record ForcedFault(FaultKind Kind, string? Match = null);
