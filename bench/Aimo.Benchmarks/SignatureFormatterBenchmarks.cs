using Aimo.Core.Signatures;
using BenchmarkDotNet.Attributes;

namespace Aimo.Benchmarks;

/// <summary>Formatting cost per signature: typical, and a 1 MB sample that must be truncated.</summary>
[MemoryDiagnoser]
public class SignatureFormatterBenchmarks
{
    private readonly Signature _typical = new("sig_1", Tier.A, "POST", "api.openai.com", "/v1/chat/completions",
        ["POST https://api.openai.com/v1/chat/completions user=alice bytes=5123", "User-Agent: python-requests/2.31"]);

    private readonly Signature _huge = new("sig_2", Tier.C, "PUT", "upload.example", "/files/{id}", [new string('x', 1_048_576)]);

    [Benchmark]
    public int Typical() => SignatureFormatter.Format(_typical).SampleChars;

    [Benchmark]
    public int OneMegabyteSample() => SignatureFormatter.Format(_huge).SampleChars;
}
