using Aimo.Core.Signatures;
using Aimo.Data.Entities;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// The worker asking a reasoning model (the simulator's <c>o4-mini</c>, which refuses a temperature as OpenAI does):
/// it sends no temperature, a reasoning effort and room for reasoning tokens, and classifies without a 400.
/// </summary>
public sealed class WorkerReasoningModelStackTests() : DedicatedStackTests("--Aimo:SimulatorModel=o4-mini")
{
    [Fact]
    public async Task O4_mini_classifies_without_a_400_and_its_reasoning_tokens_are_paid_for()
    {
        var ids = await H.EnqueueAsync(Tier.A, 30);
        await H.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(60));

        Assert.Equal(0, await H.SimOutcomeCountAsync("bad_request"));
        Assert.True(await H.SimOutcomeCountAsync("ok") > 0);
        var rows = await H.Db.RowsAsync("SELECT model, output_tokens, cost_usd_actual FROM batches");
        Assert.All(rows, row => Assert.Equal("o4-mini", row[0]));
        // The simulator's o4-mini reasons (256 tokens at low effort) on top of the answer; those tokens are billed.
        Assert.All(rows, row => Assert.True((int)row[1]! > 256, $"{row[1]} output tokens"));
        var llm = await H.LlmStatusAsync();
        Assert.Equal("o4-mini", llm.GetProperty("model").GetString());
        Assert.Equal("table", llm.GetProperty("priceSource").GetString());
    }
}
