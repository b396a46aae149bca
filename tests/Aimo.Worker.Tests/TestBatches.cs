using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aimo.Worker.Tests;

/// <summary>Batches of formatted signatures (<c>sig-1</c>, <c>sig-2</c>, ...) and classify steps over a fake chat client.</summary>
internal static class TestBatches
{
    public static IReadOnlyList<FormattedSignature> Of(int count, Tier tier = Tier.A) =>
        [.. Enumerable.Range(1, count).Select(i => SignatureFormatter.Format(
            new Signature($"sig-{i}", tier, "GET", $"host{i}.example.com", "/api/{id}", [$"GET /api/{i}"])))];

    /// <summary>The worker's classify step for <paramref name="model"/> with its default request settings, over <paramref name="client"/>.</summary>
    public static ClassifyStep Processor(FakeChatClient client, string model = "aimo-sim-1", IProviderHealth? health = null) =>
        new(client, new ModelRequest(model, new LlmModelOptions().For(model)), TokenEstimator.Default, health ?? new FakeProviderHealth(),
            TimeProvider.System, NullLogger<ClassifyStep>.Instance);
}
