using System.Globalization;

namespace Aimo.BenchKit;

/// <summary>The benchmarks' <c>--name value</c> options.</summary>
public sealed class CommandLine(string[] args)
{
    public string Get(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public int Int(string name, string fallback) => ParseInt(Get(name, fallback));

    public int[] Ints(string name, string fallback) => [.. Get(name, fallback).Split(',').Select(ParseInt)];

    /// <summary><c>--learn-cap true|false</c>, or both in turn: <c>false,true</c>.</summary>
    public bool[] Bools(string name, string fallback) => [.. Get(name, fallback).Split(',').Select(bool.Parse)];

    /// <summary><c>--latency 2000-4000</c> (or one value): llm-sim's latency range in ms.</summary>
    public (int Min, int Max) Range(string name, string fallback)
    {
        var parts = Get(name, fallback).Split('-');
        return (ParseInt(parts[0]), ParseInt(parts[^1]));
    }

    private static int ParseInt(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
