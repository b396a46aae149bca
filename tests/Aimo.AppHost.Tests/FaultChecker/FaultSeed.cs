using System.Globalization;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// The run's seeds: schedule i of a run uses seed + i. <c>AIMO_FAULT_SEED=n</c> replays seed n's schedule (alone, unless
/// <c>AIMO_FAULT_SCHEDULES</c> asks for more); without it each run draws a new seed and prints it first.
/// </summary>
public static class FaultSeed
{
    public const string SeedVariable = "AIMO_FAULT_SEED";
    public const string SchedulesVariable = "AIMO_FAULT_SCHEDULES";

    public static int? FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : null;

    public static int Schedules(int whenDrawn) =>
        int.TryParse(Environment.GetEnvironmentVariable(SchedulesVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : FromEnvironment() is null ? whenDrawn : 1;

    public static int Draw() => FromEnvironment() ?? Random.Shared.Next(1, 1_000_000_000);

    /// <summary>The command that replays one seed ({seed}) at this run's size.</summary>
    public static string ReplayCommand =>
        $"{(LongTests.Enabled ? $"{LongTests.Variable}=1 " : "")}{SeedVariable}={{seed}} dotnet test tests/Aimo.AppHost.Tests --no-build --filter FullyQualifiedName~FaultChecker";
}
