using Aimo.LlmSimulator.Faults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>The profile in force and the faults still queued.</summary>
public sealed record FaultState(FaultProfile Profile, IReadOnlyList<ForcedFault> Forced)
{
    public static FaultState Of(FaultInjector faults) => new(faults.Profile, faults.ForcedQueue);
}
