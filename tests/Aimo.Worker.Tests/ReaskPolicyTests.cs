using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Entities;
using Aimo.Worker.Llm;
using Aimo.Worker.Classify;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static Aimo.Worker.Tests.FakeChatClient;

namespace Aimo.Worker.Tests;

/// <summary>The seed's JSON policy: at most one re-ask per signature, whatever splits follow.</summary>
public sealed class ReaskPolicyTests
{
    private static IReadOnlyList<FormattedSignature> Batch(int count) => TestBatches.Of(count);

    private static ClassifyStep Create(FakeChatClient client) => TestBatches.Processor(client);

    private static bool IsReask(IReadOnlyList<ChatMessage> messages) => messages.Any(m => m.Role == ChatRole.Assistant);

    [Fact]
    public async Task Signatures_reasked_before_a_split_are_not_reasked_again_in_the_halves()
    {
        // First answer invalid → re-ask for all 4 → that answer is cut off → halves of 2; each half answers
        // invalid JSON again. The halves' signatures were already re-asked once: they go to review, no third call each.
        var client = new FakeChatClient((m, call) => call switch
        {
            1 => Reply("not json"),
            2 => Reply("{\"results\":[", finish: "length"),
            _ => Reply("still not json"),
        });
        var outcome = await Create(client).ConverseAsync(Tier.A, Batch(4), new RecordingBudget(), CancellationToken.None);

        Assert.Equal(4, client.Calls.Count);
        Assert.Equal(1, client.Calls.Count(IsReask));
        Assert.Equal(1, outcome.JsonRetries);
        Assert.Equal(4, outcome.Reviews.Count);
        Assert.All(outcome.Reviews, r => Assert.Equal(ReviewReasons.InvalidJson, r.Reason));
    }

    [Fact]
    public async Task Signatures_first_seen_in_a_split_half_still_get_their_one_reask()
    {
        // The first answer is cut off (no re-ask yet): the halves are first calls, and an invalid half is re-asked once.
        var client = new FakeChatClient((m, call) =>
        {
            if (call == 1) return Reply("{\"results\":[", finish: "length");
            return IsReask(m) ? Reply(Results([.. IdsAsked(m)])) : Reply("not json");
        });
        var outcome = await Create(client).ConverseAsync(Tier.A, Batch(4), new RecordingBudget(), CancellationToken.None);

        Assert.Equal(4, outcome.Results.Count);
        Assert.Equal(2, outcome.JsonRetries);
        Assert.Equal(5, client.Calls.Count);
    }
}
