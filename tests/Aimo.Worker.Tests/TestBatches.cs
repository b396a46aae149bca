using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Worker.Llm;
using Aimo.Worker.Processing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aimo.Worker.Tests;

/// <summary>Batches of formatted signatures (<c>sig-1</c>, <c>sig-2</c>, ...) and processors over a fake chat client.</summary>
internal static class TestBatches
{
    public static IReadOnlyList<FormattedSignature> Of(int count, Tier tier = Tier.A) =>
        [.. Enumerable.Range(1, count).Select(i => SignatureFormatter.Format(
            new Signature($"sig-{i}", tier, "GET", $"host{i}.example.com", "/api/{id}", [$"GET /api/{i}"])))];

    /// <summary>The worker's processor for <paramref name="model"/> with its default request settings, over <paramref name="client"/>.</summary>
    public static BatchProcessor Processor(FakeChatClient client, string model = "aimo-sim-1") =>
        new(client, new ModelRequest(model, new LlmModelOptions().For(model)), TokenEstimator.Default, TimeProvider.System,
            NullLogger<BatchProcessor>.Instance);
}
