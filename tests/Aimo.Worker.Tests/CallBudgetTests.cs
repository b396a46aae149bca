using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Entities;
using Aimo.Worker.Llm;
using Aimo.Worker.Classify;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static Aimo.Worker.Tests.FakeChatClient;

namespace Aimo.Worker.Tests;

/// <summary>Every call of a batch — first, re-ask, split half — is reserved before it is sent and settled after.</summary>
public sealed class CallBudgetTests
{
    private static IReadOnlyList<FormattedSignature> Batch(int count) => TestBatches.Of(count, Tier.C);

    private static (ClassifyStep Processor, FakeChatClient Client) Create(Func<IReadOnlyList<ChatMessage>, int, ChatResponse> answer)
    {
        var client = new FakeChatClient(answer);
        return (TestBatches.Processor(client), client);
    }

    [Fact]
    public async Task Splits_and_reasks_are_each_reserved_and_settled_at_their_usage()
    {
        // Any request with more than one id is cut off; single ones succeed: 4 → 2 + 2 → 1+1+1+1 = 7 calls.
        var (processor, client) = Create((m, call) =>
        {
            var ids = IdsAsked(m);
            return ids.Count > 1 ? Reply("{\"results\":[", input: 900 + call, output: 40, finish: "length") : Reply(Results([.. ids]), input: 300 + call, output: 20);
        });
        var budget = new RecordingBudget();
        var outcome = await processor.ConverseAsync(Tier.C, Batch(4), budget, CancellationToken.None);

        Assert.Equal(4, outcome.Results.Count);
        Assert.Equal(7, client.Calls.Count);
        Assert.Equal(7, budget.Reserved.Count);
        Assert.Equal(7, budget.Settled.Count);
        Assert.Equal(outcome.InputTokens, budget.Settled.Sum(s => s.Input));
        Assert.Equal(outcome.OutputTokens, budget.Settled.Sum(s => s.Output));
        Assert.All(budget.Settled, s => Assert.False(s.AtEstimate));
    }

    [Fact]
    public async Task A_reask_is_reserved_at_the_size_of_the_whole_conversation()
    {
        var (processor, _) = Create((m, call) => call == 1 ? Reply("not json at all " + new string('x', 4000)) : Reply(Results([.. IdsAsked(m)])));
        var budget = new RecordingBudget();
        await processor.ConverseAsync(Tier.A, Batch(3), budget, CancellationToken.None);
        Assert.Equal(2, budget.Reserved.Count);
        // The re-ask carries the first answer back: its input estimate is larger than the first call's.
        Assert.True(budget.Reserved[1].InputTokens > budget.Reserved[0].InputTokens + 500, $"{budget.Reserved[1]} vs {budget.Reserved[0]}");
    }

    [Fact]
    public async Task A_refused_first_call_sends_nothing_and_defers_the_whole_batch()
    {
        var (processor, client) = Create((m, _) => Reply(Results([.. IdsAsked(m)])));
        var outcome = await processor.ConverseAsync(Tier.C, Batch(3), new RecordingBudget(refuse: _ => true), CancellationToken.None);
        Assert.Empty(client.Calls);
        Assert.False(outcome.Sent);
        Assert.Equal(["sig-1", "sig-2", "sig-3"], outcome.DeferredIds);
        Assert.Empty(outcome.Reviews);
    }

    [Fact]
    public async Task A_refused_reask_keeps_the_valid_results_and_defers_only_the_rest()
    {
        var (processor, client) = Create((_, _) => Reply(Results("sig-1")));
        var budget = new RecordingBudget(refuse: call => call == 2);
        var outcome = await processor.ConverseAsync(Tier.C, Batch(3), budget, CancellationToken.None);
        Assert.Single(client.Calls);
        Assert.Equal(["sig-1"], outcome.Results.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["sig-2", "sig-3"], outcome.DeferredIds);
        Assert.Empty(outcome.Reviews);
        Assert.Single(budget.Settled);
    }

    [Fact]
    public async Task A_call_that_timed_out_is_settled_as_uncertain_and_its_signatures_go_to_review()
    {
        var (processor, _) = Create((_, _) => throw new Polly.Timeout.TimeoutRejectedException("attempt timed out"));
        var budget = new RecordingBudget();
        var outcome = await processor.ConverseAsync(Tier.A, Batch(2), budget, CancellationToken.None);
        var settled = Assert.Single(budget.Settled);
        Assert.Equal(0, settled.Input + settled.Output);
        Assert.All(outcome.Reviews, r => Assert.Equal(ReviewReasons.LlmUnavailable, r.Reason));
    }
}
