using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Aimo.Worker.Tests;

/// <summary>
/// What a provider's prompt cache needs, on the wire through the real OpenAI client: every call starts with the same
/// bytes (system prompt of the layout, then the schema) and carries the layout's <c>prompt_cache_key</c>.
/// </summary>
public sealed class PromptPrefixTests
{
    [Fact]
    public async Task Calls_of_one_layout_start_with_the_same_bytes_and_carry_its_prompt_cache_key()
    {
        var bodies = await SendTwoBatchesAsync(new ModelRequest("gpt-4.1-mini", new LlmModelOptions().For("gpt-4.1-mini"), PromptLayout.FewShot));

        Assert.All(bodies, b => Assert.Equal("aimo-classify-few-shot", (string?)b["prompt_cache_key"]));
        Assert.All(bodies, b => Assert.Equal(ClassificationPrompt.FewShotSystemPrompt, (string?)b["messages"]![0]!["content"]));
        Assert.Equal(bodies[0]["response_format"]!.ToJsonString(), bodies[1]["response_format"]!.ToJsonString());
        Assert.NotEqual(bodies[0]["messages"]![1]!.ToJsonString(), bodies[1]["messages"]![1]!.ToJsonString());
        // The patch adds the key; everything the options set is still sent.
        Assert.All(bodies, b => Assert.Equal("gpt-4.1-mini", (string?)b["model"]));
        Assert.All(bodies, b => Assert.NotNull(b["max_completion_tokens"]));
        Assert.All(bodies, b => Assert.Equal(0, (double?)b["temperature"]));
    }

    [Fact]
    public async Task Without_the_key_setting_no_prompt_cache_key_is_sent()
    {
        var settings = new LlmModelOptions().For("gpt-4o-mini");
        settings.SendPromptCacheKey = false;
        var bodies = await SendTwoBatchesAsync(new ModelRequest("gpt-4o-mini", settings, PromptLayout.Compact));

        Assert.All(bodies, b => Assert.Null(b["prompt_cache_key"]));
        Assert.All(bodies, b => Assert.Equal(ClassificationPrompt.SystemPrompt, (string?)b["messages"]![0]!["content"]));
    }

    [Fact]
    public async Task For_Ollama_and_other_compatible_servers_the_cap_is_sent_as_max_tokens_beside_the_cache_key()
    {
        var options = new LlmModelOptions();
        var openAi = await SendTwoBatchesAsync(ModelRequest.For(LlmConnection.Parse("Endpoint=https://api.openai.com/v1;Key=k;Model=gpt-4o-mini"), options));
        var ollama = await SendTwoBatchesAsync(ModelRequest.For(LlmConnection.Parse("Endpoint=http://localhost:11434/v1;Model=gpt-4o-mini"), options));

        Assert.All(ollama, b => Assert.Null(b["max_completion_tokens"]));
        // The same cap, in the field Ollama reads.
        Assert.Equal(openAi.Select(b => (int?)b["max_completion_tokens"]), ollama.Select(b => (int?)b["max_tokens"]));
        Assert.All(ollama, b => Assert.Equal("aimo-classify-compact", (string?)b["prompt_cache_key"]));
    }

    private static async Task<List<JsonNode>> SendTwoBatchesAsync(ModelRequest request)
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        var chat = new OpenAIClient(new ApiKeyCredential("test"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://llm.test/v1"), Transport = new HttpClientPipelineTransport(http), RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient(request.Model).AsIChatClient();
        var step = new ClassifyStep(chat, request, TokenEstimator.For(request.Layout), new FakeProviderHealth(), TimeProvider.System,
            NullLogger<ClassifyStep>.Instance);
        foreach (var batch in new[] { TestBatches.Of(2), TestBatches.Of(3) })
        {
            handler.Answer = FakeChatClient.Results([.. batch.Select(s => s.Id)]);
            await step.ConverseAsync(Tier.A, batch, new RecordingBudget(), CancellationToken.None);
        }
        return handler.Bodies;
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<JsonNode> Bodies { get; } = [];

        public string Answer { get; set; } = "";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!);
            var body = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-1", @object = "chat.completion", created = 1764720000, model = "m",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = Answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
            });
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
