namespace Aimo.AppHost.Tests.Chaos;

/// <summary>
/// CI runs each chaos test at a short size; <c>AIMO_LONG_TESTS=1</c> runs the full sizes the delivery issue asks for
/// (e.g. 5,000 signatures through worker crashes).
/// </summary>
public static class ChaosSize
{
    public static bool Long => Environment.GetEnvironmentVariable("AIMO_LONG_TESTS") == "1";

    public static int Pick(int ci, int full) => Long ? full : ci;
}
