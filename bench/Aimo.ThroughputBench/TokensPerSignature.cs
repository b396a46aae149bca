using Aimo.BenchKit;
using Aimo.Core.Batching;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;

namespace Aimo.ThroughputBench;

/// <summary>
/// Input tokens per signature (exact o200k counts of system prompt + schema + user prompt) when signatures go in the
/// design's batches, against one signature per request: the reason for batching, as a number.
/// </summary>
internal static class TokensPerSignature
{
    public static void Report(int count)
    {
        var estimator = TokenEstimator.Default;
        var formatted = Workload.Create("tokens", count, Tier.A).Select(s => SignatureFormatter.Format(s)).ToList();
        var batches = BatchPlanner.Plan(formatted);
        var batched = batches.Sum(b => (long)estimator.CountRequest(ClassificationPrompt.BuildUserPrompt(b)));
        var single = formatted.Sum(s => (long)estimator.CountRequest(ClassificationPrompt.BuildUserPrompt([s])));
        Console.WriteLine($"input tokens per signature ({count} signatures, o200k, system prompt + schema + user prompt):");
        Console.WriteLine($"  batched ({batches.Count} batches, {(double)count / batches.Count:F1} per batch): {(double)batched / count:F0} tokens/signature");
        Console.WriteLine($"  one per request:                               {(double)single / count:F0} tokens/signature");
        Console.WriteLine($"  batching sends {(double)single / batched:F1}x fewer input tokens (system prompt and schema: {estimator.SystemPromptTokens + estimator.SchemaTokens} tokens per request)");
    }
}
