using Aimo.AppHost.Infrastructure;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>The checker's stack: two worker replicas and timeouts short enough that a schedule of faults takes seconds, not minutes.</summary>
public static class FaultCheckerStack
{
    public const int Replicas = 2;

    /// <summary>A worker frozen longer than this is dead to the others (<see cref="FaultKind.WorkerPause"/> freezes for 4–8 s).</summary>
    public const string HeartbeatTimeout = "00:00:03";

    public static string[] Settings =>
    [
        $"--Aimo:WorkerReplicas={Replicas}",
        // DEBUG SLEEP freezes Redis; the AppHost allows DEBUG only when asked (off by default).
        $"--{AimoInfrastructureExtensions.RedisDebugCommandSetting}=true",
        $"--Services:worker:Aimo:Worker:HeartbeatTimeout={HeartbeatTimeout}",
        // The safety net for entries nobody refreshes: short, so an entry a live worker lost returns within the heal's wait.
        "--Services:worker:Aimo:Worker:ReclaimIdle=00:00:30",
        // Longer than one call (TotalRequestTimeout), short enough that an unsettled lease is converted before the budget is read.
        "--Services:worker:Aimo:Worker:ReservationLease=00:00:30",
        "--Services:worker:Aimo:Worker:ProbeInterval=00:00:01",
        "--Services:worker:Aimo:Worker:MaxProbeInterval=00:00:03",
        // A hang or stalled body (12 s) fails its attempt after 4 s; 3 attempts and their pauses fit in 25 s.
        "--Services:worker:Aimo:Llm:Resilience:AttemptTimeout=00:00:04",
        "--Services:worker:Aimo:Llm:Resilience:TotalRequestTimeout=00:00:25",
        // Polls and posts share the ingest key's allowance; the checker must not be throttled into a quieter history.
        "--Services:ingest:Ingest:RateLimitPerMinute=100000",
        .. LlmFaults.AppHostSettings,
    ];
}
