using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using Aimo.Core.Pricing;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Worker.Budget;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace Aimo.Worker.Tests;

/// <summary>
/// A provider that reads part of the prompt from its cache reports it in <c>usage.prompt_tokens_details.cached_tokens</c>
/// and bills it at the cached rate: the call is settled with those tokens, through the real OpenAI client.
/// </summary>
public sealed class CachedUsageTests
{
    /// <summary>A chat-completions answer as OpenAI sends it (recorded shape), with 1,024 of 1,310 prompt tokens cached.</summary>
    private static string RecordedAnswer(string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-AbC123", @object = "chat.completion", created = 1764720000, model = "gpt-4o-mini-2024-07-18",
        choices = new[] { new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, logprobs = (object?)null, finish_reason = "stop" } },
        usage = new
        {
            prompt_tokens = 1310, completion_tokens = 64, total_tokens = 1374,
            prompt_tokens_details = new { cached_tokens = 1024, audio_tokens = 0 },
            completion_tokens_details = new { reasoning_tokens = 0, audio_tokens = 0, accepted_prediction_tokens = 0, rejected_prediction_tokens = 0 },
        },
        service_tier = "default", system_fingerprint = "fp_0ba0d124f1",
    });

    [Fact]
    public async Task Cached_prompt_tokens_are_settled_and_priced_at_the_cached_rate()
    {
        var batch = TestBatches.Of(1);
        using var http = new HttpClient(new AnsweringHandler(RecordedAnswer(FakeChatClient.Results(batch[0].Id))));
        var chat = new OpenAIClient(new ApiKeyCredential("test"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://llm.test/v1"), Transport = new HttpClientPipelineTransport(http), RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient("gpt-4o-mini").AsIChatClient();
        var step = new ClassifyStep(chat, new ModelRequest("gpt-4o-mini", new LlmModelOptions().For("gpt-4o-mini")), TokenEstimator.Default,
            new FakeProviderHealth(), TimeProvider.System, NullLogger<ClassifyStep>.Instance);
        var budget = new RecordingBudget();

        var outcome = await step.ConverseAsync(Tier.A, batch, budget, CancellationToken.None);

        Assert.Single(outcome.Results);
        Assert.Equal((1310, 1024), (outcome.InputTokens, outcome.CachedInputTokens));
        var bill = Assert.Single(budget.Bills);
        Assert.Equal(AttemptBill.Usage(1310, 64, 1024), bill);
        // 286 uncached at 0.15, 1,024 cached at 0.075, 64 output at 0.60 per 1M: 0.0001581 USD, rounded up to 159 µUSD.
        var pricing = ModelPricing.Resolve("gpt-4o-mini", new PricingOptions());
        Assert.Equal(159, pricing.CostMicros(bill.InputTokens, bill.CachedInputTokens, bill.OutputTokens));
        Assert.True(pricing.CostMicros(1310, 0, 64) > 159 + 70);
    }

    private sealed class AnsweringHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
