using Aimo.Worker.Budget;
using System.ClientModel;
using System.ClientModel.Primitives;
using Aimo.Core.Pricing;
using Aimo.Worker.Llm;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Entities;
using Aimo.Worker.Classify;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static Aimo.Worker.Tests.FakeChatClient;

namespace Aimo.Worker.Tests;

public sealed class ClassifyStepTests
{
    private const string Model = PricingOptions.SimulatorModel;

    private static IReadOnlyList<FormattedSignature> Batch(int count) => TestBatches.Of(count);

    private static (ClassifyStep Processor, FakeChatClient Client) Create(Func<IReadOnlyList<ChatMessage>, int, ChatResponse> answer)
    {
        var client = new FakeChatClient(answer);
        return (TestBatches.Processor(client, Model), client);
    }

    private static Task<ClassifyOutcome> Run(ClassifyStep processor, int count, ICallBudget? budget = null) =>
        processor.ConverseAsync(Tier.A, Batch(count), budget ?? new RecordingBudget(), CancellationToken.None);

    [Fact]
    public async Task Valid_batch_classifies_everything_in_one_call()
    {
        var (processor, client) = Create((m, _) => Reply(Results([.. IdsAsked(m)]), 1200, 300));
        var outcome = await Run(processor, 5);
        Assert.Equal(5, outcome.Results.Count);
        Assert.Empty(outcome.Reviews);
        Assert.Single(client.Calls);
        Assert.Equal(0, outcome.JsonRetries);
        Assert.Equal(1.0, outcome.SuccessRate);
        Assert.Equal(1200, outcome.InputTokens);
        Assert.Equal(300, outcome.OutputTokens);
    }

    [Fact]
    public async Task Partial_success_keeps_valid_items_and_reasks_only_for_the_rest()
    {
        var (processor, client) = Create((m, call) => call == 1
            ? Reply(Results("sig-1", "sig-2", "sig-3"), 1000, 100)
            : Reply(Results([.. IdsAsked(m)]), 500, 50));
        var outcome = await Run(processor, 5);
        Assert.Equal(5, outcome.Results.Count);
        Assert.Equal(2, client.Calls.Count);
        Assert.Equal(["sig-4", "sig-5"], IdsAsked(client.Calls[1]));
        Assert.Equal(1, outcome.JsonRetries);
        Assert.Equal(1500, outcome.InputTokens);
        Assert.Equal(150, outcome.OutputTokens);
    }

    [Fact]
    public async Task Invalid_json_once_is_fixed_by_the_reask()
    {
        var (processor, client) = Create((m, call) => call == 1 ? Reply("not json {") : Reply(Results([.. IdsAsked(m)])));
        var outcome = await Run(processor, 3);
        Assert.Equal(3, outcome.Results.Count);
        Assert.Equal(1, outcome.JsonRetries);
        Assert.Equal(0.5, outcome.SuccessRate);
        Assert.Contains("could not be used", client.Calls[1].Last().Text);
        Assert.Equal(ChatRole.Assistant, client.Calls[1][^2].Role);
    }

    [Fact]
    public async Task Invalid_json_twice_sends_the_batch_to_review_with_error_and_excerpt()
    {
        var (processor, client) = Create((_, _) => Reply("Sure! here you go: {broken"));
        var outcome = await Run(processor, 3);
        Assert.Empty(outcome.Results);
        Assert.Equal(2, client.Calls.Count);
        Assert.Equal(3, outcome.Reviews.Count);
        Assert.All(outcome.Reviews, r =>
        {
            Assert.Equal(ReviewReasons.InvalidJson, r.Reason);
            Assert.Contains("{broken", r.RawExcerpt);
            Assert.False(string.IsNullOrWhiteSpace(r.Detail));
        });
        Assert.Equal(0.0, outcome.SuccessRate);
    }

    [Fact]
    public async Task Truncation_splits_in_halves_down_to_a_single_signature()
    {
        // Any request with more than one id is cut off; single ones succeed.
        var (processor, client) = Create((m, _) =>
        {
            var ids = IdsAsked(m);
            return ids.Count > 1 ? Reply("{\"results\":[", finish: "length") : Reply(Results([.. ids]));
        });
        var outcome = await Run(processor, 4);
        Assert.Equal(4, outcome.Results.Count);
        Assert.Equal(0, outcome.JsonRetries);
        // 4 → 2 + 2 → 1+1+1+1: 1 + 2 + 4 calls.
        Assert.Equal(7, client.Calls.Count);
    }

    [Fact]
    public async Task A_single_truncated_signature_goes_to_review()
    {
        var (processor, client) = Create((_, _) => Reply("{\"results\":[", finish: "length"));
        var outcome = await Run(processor, 1);
        var review = Assert.Single(outcome.Reviews);
        Assert.Equal(ReviewReasons.Truncated, review.Reason);
        Assert.Single(client.Calls);
    }

    [Fact]
    public async Task Unknown_ids_are_rejected_and_recorded()
    {
        var (processor, _) = Create((m, _) => Reply(Results([.. IdsAsked(m), "evil-1"])));
        var outcome = await Run(processor, 2);
        Assert.Equal(["sig-1", "sig-2"], outcome.Results.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["evil-1"], outcome.UnknownIds);
    }

    [Fact]
    public async Task Missing_ids_are_reasked_once_then_go_to_review()
    {
        var (processor, client) = Create((_, call) => Reply(Results("sig-1")));
        var outcome = await Run(processor, 3);
        Assert.Equal(["sig-1"], outcome.Results.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, client.Calls.Count);
        Assert.Equal(["sig-2", "sig-3"], outcome.Reviews.Select(r => r.SignatureId));
        Assert.All(outcome.Reviews, r => Assert.Equal(ReviewReasons.MissingItem, r.Reason));
    }

    [Fact]
    public async Task Http_failure_sends_everything_to_review_with_the_status()
    {
        var (processor, _) = Create((_, _) => throw new ClientResultException("Service Unavailable", new FakeResponse(503)));
        var outcome = await Run(processor, 2);
        Assert.Empty(outcome.Results);
        Assert.All(outcome.Reviews, r =>
        {
            Assert.Equal(ReviewReasons.LlmUnavailable, r.Reason);
            Assert.Equal(503, r.HttpStatus);
        });
        Assert.Equal(LlmFailureKind.Transient, outcome.Failure!.Kind);
        Assert.Equal(0, outcome.Responses);
        Assert.Equal(0.0, outcome.SuccessRate);
    }

    [Fact]
    public async Task Estimates_follow_the_design_formula()
    {
        var (processor, _) = Create((m, _) => Reply(Results([.. IdsAsked(m)])));
        var batch = Batch(3);
        var outcome = await processor.ConverseAsync(Tier.B, batch, new RecordingBudget(), CancellationToken.None);
        var chars = batch.Sum(s => s.SampleChars);
        Assert.Equal(chars, outcome.SampleChars);
        Assert.Equal(TokenEstimator.Default.SystemPromptTokens + TokenEstimator.Default.SchemaTokens + chars / 4, outcome.EstimatedInputTokens);
        Assert.Equal(450, outcome.EstimatedOutputTokens);
    }

    private sealed class FakeResponse(int status) : PipelineResponse
    {
        public override int Status => status;
        public override string ReasonPhrase => "fake";
        public override Stream? ContentStream { get; set; }
        public override BinaryData Content => BinaryData.FromString("");
        protected override PipelineResponseHeaders HeadersCore => throw new NotSupportedException();
        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => Content;
        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Content);
        public override void Dispose()
        {
        }
    }

    [Fact]
    public async Task An_invented_id_with_line_breaks_is_escaped_in_the_log_and_in_the_outcome()
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<ClassifyStep>();
        var client = new FakeChatClient((m, _) => Reply(
            $$"""{"results":[{{Item("sig-1")}},{{Item("evil\\r\\nINFO: all signatures verified low risk")}}]}"""));
        var step = new ClassifyStep(client, new ModelRequest(Model, new LlmModelOptions().For(Model)), TokenEstimator.Default,
            new FakeProviderHealth(), TimeProvider.System, logger);

        var outcome = await step.ConverseAsync(Tier.A, Batch(1), new RecordingBudget(), CancellationToken.None);

        Assert.Single(outcome.Results);
        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 101).Message;
        Assert.DoesNotContain('\n', line);
        Assert.Contains("evil\\r\\nINFO", line);
    }
}
