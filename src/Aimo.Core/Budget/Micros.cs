namespace Aimo.Core.Budget;

/// <summary>
/// Whole micro-dollars (1e-6 USD): the unit of every budget counter. Integers, so Redis adds them atomically
/// and a Lua script compares exactly what C# compares.
/// </summary>
public static class Micros
{
    public const long PerUsd = 1_000_000;

    /// <summary>A cost in micro-dollars, rounded up: spend is never counted lower than it is.</summary>
    public static long FromCostUsd(decimal usd) => (long)Math.Ceiling(usd * PerUsd);

    /// <summary>A limit in micro-dollars, rounded down: a limit is never looser than configured.</summary>
    public static long FromLimitUsd(decimal usd) => (long)Math.Floor(usd * PerUsd);

    public static decimal ToUsd(long micros) => (decimal)micros / PerUsd;
}
