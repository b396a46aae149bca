namespace Aimo.AppHost.Tests;

/// <summary>
/// CI runs the chaos, outage and fuzz tests at a short size; <c>AIMO_LONG_TESTS=1</c> runs the full sizes the issues
/// ask for (e.g. 5,000 signatures through worker crashes, a 60 s outage, 10,000 fuzzed requests).
/// </summary>
public static class LongTests
{
    public const string Variable = "AIMO_LONG_TESTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    public static T Pick<T>(T ci, T full) => Enabled ? full : ci;
}
