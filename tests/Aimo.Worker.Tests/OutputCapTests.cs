using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Llm;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Aimo.Worker.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static Aimo.Worker.Tests.FakeChatClient;

namespace Aimo.Worker.Tests;

/// <summary>
/// The output cap is learned from answered calls and shared by the replicas through Redis; a call cut off at a learned
/// cap is split and resent like any truncated answer, so nothing is lost.
/// </summary>
public sealed class OutputCapTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static ModelRequest Request(string model) => new(model, new LlmModelOptions().For("aimo-sim-1"));

    private OutputCap Replica(string model, bool learn = true) =>
        new(new OutputSamples(redis.Redis), Request(model), Microsoft.Extensions.Options.Options.Create(new WorkerOptions { LearnOutputCap = learn }),
            TimeProvider.System, NullLogger<OutputCap>.Instance);

    [Fact]
    public async Task What_one_replica_learns_another_asks_for_and_cap_hits_are_counted()
    {
        var model = $"m-{Guid.NewGuid():N}"[..14];
        var (first, second) = (Replica(model), Replica(model));
        for (var call = 0; call < OutputCapPolicy.MinimumSamples + 10; call++)
        {
            await first.RecordAsync(20, 20 * 50, capHit: call == 0);
        }

        Assert.Null(second.PerSignature);
        await second.RefreshIfStaleAsync();
        Assert.Equal(50 * OutputCapPolicy.Margin, second.PerSignature);
        var asked = Request(model).Options(20, second.PerSignature).MaxOutputTokens;
        Assert.Equal((int)Math.Ceiling(20 * 50 * OutputCapPolicy.Margin) + OutputCapPolicy.FixedOverhead, asked);
        Assert.True(asked < Request(model).Options(20).MaxOutputTokens / 4, $"learned {asked}");
        Assert.Equal((40L, 1L), await new OutputSamples(redis.Redis).CountsAsync(model));
    }

    [Fact]
    public async Task Switched_off_every_call_asks_for_the_design_room_however_many_answers_are_known()
    {
        var model = $"m-{Guid.NewGuid():N}"[..14];
        var cap = Replica(model, learn: false);
        for (var call = 0; call < OutputCapPolicy.MinimumSamples + 10; call++) await cap.RecordAsync(20, 20 * 50, capHit: false);

        await cap.RefreshIfStaleAsync();

        Assert.Null(cap.PerSignature);
        Assert.Equal(20 * OutputCapPolicy.DesignTokensPerSignature + OutputCapPolicy.DesignOverhead,
            Request(model).Options(20, cap.PerSignature).MaxOutputTokens);
        // Still counted, so a benchmark reports how often the design's room was hit.
        Assert.Equal(40L, (await new OutputSamples(redis.Redis).CountsAsync(model)).Calls);
    }

    [Fact]
    public async Task A_call_cut_off_at_the_learned_cap_is_split_and_every_signature_still_classified()
    {
        var model = $"m-{Guid.NewGuid():N}"[..14];
        var cap = Replica(model);
        for (var call = 0; call < OutputCapPolicy.MinimumSamples; call++) await cap.RecordAsync(10, 10 * 30, capHit: false);
        await cap.RefreshIfStaleAsync();
        // This batch's answers need 100 tokens per signature: more than the learned 37.5, less than the design's 300.
        var client = new FakeChatClient((m, call) =>
        {
            var ids = IdsAsked(m);
            return ids.Count > 1 ? Reply("{\"results\":[", output: 40 * ids.Count, finish: "length") : Reply(Results([.. ids]), output: 100);
        });
        var step = new ClassifyStep(client, Request(model), TokenEstimator.Default, new FakeProviderHealth(), TimeProvider.System,
            NullLogger<ClassifyStep>.Instance, cap);

        var outcome = await step.ConverseAsync(Tier.A, TestBatches.Of(4), new RecordingBudget(), CancellationToken.None);

        Assert.Equal(4, outcome.Results.Count);
        Assert.Empty(outcome.Reviews);
        Assert.Equal((int)Math.Ceiling(4 * 30 * OutputCapPolicy.Margin) + OutputCapPolicy.FixedOverhead, client.Options[0]!.MaxOutputTokens);
        Assert.Equal(7, client.Calls.Count);
        Assert.Equal(3, (await new OutputSamples(redis.Redis).CountsAsync(model)).CapHits);
    }
}
