using Aimo.Core.Signatures;
using Aimo.Worker.BatchApi;
using static Aimo.Worker.Tests.FakeChatClient;

namespace Aimo.Worker.Tests.BatchApi;

public sealed class JobAnswerTests
{
    [Fact]
    public async Task A_job_answer_is_the_first_call_and_invalid_items_are_reasked_synchronously()
    {
        var client = new FakeChatClient((m, _) => Reply(Results([.. IdsAsked(m)]), 400, 40));
        var step = TestBatches.Processor(client);
        var budget = new RecordingBudget();
        var answer = new JobAnswer(Guid.NewGuid(), Reply(Results("sig-1", "sig-2"), 1000, 100), CostMicros: 75);

        var outcome = await step.ConverseAsync(Tier.C, TestBatches.Of(3, Tier.C), budget, CancellationToken.None, answer);

        Assert.Equal(3, outcome.Results.Count);
        // Only the re-ask for the item the job's answer left out reached the chat client.
        Assert.Single(client.Calls);
        Assert.Equal(["sig-3"], IdsAsked(client.Calls[0]));
        Assert.Equal(1400, outcome.InputTokens);
        Assert.Equal(1, outcome.JsonRetries);
    }

    [Fact]
    public async Task A_job_answer_that_is_complete_makes_no_call()
    {
        var client = new FakeChatClient((m, _) => Reply(Results([.. IdsAsked(m)])));
        var answer = new JobAnswer(Guid.NewGuid(), Reply(Results("sig-1", "sig-2")), CostMicros: 10);

        var outcome = await TestBatches.Processor(client).ConverseAsync(Tier.C, TestBatches.Of(2, Tier.C), new RecordingBudget(), CancellationToken.None, answer);

        Assert.Equal(2, outcome.Results.Count);
        Assert.Empty(client.Calls);
        Assert.Equal(1, outcome.Calls);
    }
}
