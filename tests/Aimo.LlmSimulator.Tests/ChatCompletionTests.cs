using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Prompting;
using Microsoft.Extensions.AI;

namespace Aimo.LlmSimulator.Tests;

public sealed class ChatCompletionTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_batch_gets_one_valid_result_per_signature_in_the_answer_types()
    {
        var chat = factory.CreateChatClient();

        var response = await chat.GetResponseAsync(
            Prompts.Batch(("sig_1", "api.openai.com", "/v1/chat/completions"), ("sig_2", "drive.google.com", "/file/d/{id}"), ("sig_3", "unknown-vendor.example", "/x")),
            Prompts.JsonMode);

        var answer = Prompts.Parse(response.Text);
        Assert.Equal(["sig_1", "sig_2", "sig_3"], answer.Results.Select(r => r.Id));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(SimulatorFactory.Model, response.ModelId);
        Assert.StartsWith("chatcmpl-", response.ResponseId);
        var openAi = answer.Results[0];
        Assert.Equal((Category.AiService, RiskLevel.High, "OpenAI API"), (openAi.Category, openAi.Risk, openAi.Service));
        Assert.Contains("api.openai.com", openAi.Rationale);
        Assert.Equal(Category.FileSharing, answer.Results[1].Category);
        Assert.Equal((Category.Other, RiskLevel.Low), (answer.Results[2].Category, answer.Results[2].Risk));
        Assert.All(answer.Results, r => Assert.InRange(r.Confidence, 0, 1));
        Assert.True(answer.Results[2].Confidence < answer.Results[0].Confidence, "unknown hosts are answered with low confidence");
    }

    [Theory]
    [InlineData("chatgpt.com", Category.AiService)]
    [InlineData("claude.ai", Category.AiService)]
    [InlineData("api.anthropic.com", Category.AiService)]
    [InlineData("gemini.google.com", Category.AiService)]
    [InlineData("huggingface.co", Category.AiService)]
    [InlineData("www.dropbox.com", Category.FileSharing)]
    [InlineData("mega.nz", Category.FileSharing)]
    [InlineData("mail.google.com", Category.Webmail)]
    [InlineData("outlook.live.com", Category.Webmail)]
    [InlineData("x.com", Category.Social)]
    [InlineData("www.linkedin.com", Category.Social)]
    [InlineData("acme.slack.com", Category.Collaboration)]
    [InlineData("acme.atlassian.net", Category.Collaboration)]
    [InlineData("github.com", Category.Developer)]
    [InlineData("registry.npmjs.org", Category.Developer)]
    [InlineData("acme.my.salesforce.com", Category.BusinessApp)]
    [InlineData("ad.doubleclick.net", Category.Advertising)]
    [InlineData("www.google-analytics.com", Category.Analytics)]
    [InlineData("d111111abcdef8.cloudfront.net", Category.Cdn)]
    [InlineData("203.0.113.7", Category.MalwareC2)]
    [InlineData("evil.duckdns.org", Category.MalwareC2)]
    [InlineData("abcdefghijklmnop.onion", Category.MalwareC2)]
    [InlineData("wiki.corp", Category.Internal)]
    [InlineData("10.1.2.3", Category.Internal)]
    [InlineData("intranet.acme.internal", Category.Internal)]
    public async Task Known_hosts_get_their_category(string host, Category expected)
    {
        var response = await factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("sig_1", host, "/")), Prompts.JsonMode);

        var result = Assert.Single(Prompts.Parse(response.Text).Results);
        Assert.Equal(expected, result.Category);
        Assert.Contains(host, result.Rationale);
    }

    [Fact]
    public async Task Malware_hosts_are_high_or_critical_risk()
    {
        var response = await factory.CreateChatClient().GetResponseAsync(
            Prompts.Batch(("a", "198.51.100.9", "/beacon"), ("b", "x.duckdns.org", "/"), ("c", "q.onion", "/")), Prompts.JsonMode);

        Assert.All(Prompts.Parse(response.Text).Results, r => Assert.True(r.Risk >= RiskLevel.High, $"{r.Id} was {r.Risk}"));
    }

    [Fact]
    public async Task Usage_is_counted_with_o200k_and_adds_up()
    {
        var o200k = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o");
        var small = Prompts.Batch(("sig_1", "github.com", "/"));
        var large = Prompts.Batch(Enumerable.Range(1, 10).Select(i => ($"sig_{i}", $"host{i}.example.com", "/a/b/c")).ToArray());
        var chat = factory.CreateChatClient();

        foreach (var prompt in new[] { small, large })
        {
            var response = await chat.GetResponseAsync(prompt, Prompts.JsonMode);
            var usage = response.Usage!;
            var textTokens = prompt.Sum(m => o200k.CountTokens(m.Text));
            // Message framing adds a few tokens per message, as OpenAI's accounting does.
            Assert.InRange(usage.InputTokenCount!.Value, textTokens, textTokens + 20);
            Assert.Equal(o200k.CountTokens(response.Text), usage.OutputTokenCount);
            Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        }
    }

    [Fact]
    public async Task The_same_request_twice_gets_identical_content()
    {
        var chat = factory.CreateChatClient();
        var prompt = Prompts.Batch(("sig_1", "claude.ai", "/api/append_message"), ("sig_2", "wetransfer.com", "/upload"));

        var first = await chat.GetResponseAsync(prompt, Prompts.JsonMode);
        var second = await chat.GetResponseAsync(prompt, Prompts.JsonMode);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Usage!.TotalTokenCount, second.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task The_workers_json_schema_response_format_is_accepted()
    {
        var options = Prompts.SchemaMode;
        options.MaxOutputTokens = 4000;

        var response = await factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("sig_1", "chatgpt.com", "/backend-api/conversation")), options);

        Assert.Equal(Category.AiService, Assert.Single(Prompts.Parse(response.Text).Results).Category);
    }

    [Fact]
    public async Task A_re_ask_with_a_new_block_is_answered_for_that_block()
    {
        List<ChatMessage> conversation =
        [
            .. Prompts.Batch(("sig_1", "github.com", "/"), ("sig_2", "chatgpt.com", "/"), ("sig_3", "zoom.us", "/")),
            new(ChatRole.Assistant, "{\"results\":[{\"id\":\"sig_1\""),
            new(ChatRole.User, "Your answer was not valid JSON. Answer again for these signatures only.\n"
                + Prompts.UserMessage(("sig_2", "chatgpt.com", "/"), ("sig_3", "zoom.us", "/"))),
        ];

        var response = await factory.CreateChatClient().GetResponseAsync(conversation, Prompts.JsonMode);

        Assert.Equal(["sig_2", "sig_3"], Prompts.Parse(response.Text).Results.Select(r => r.Id));
    }

    [Fact]
    public async Task The_workers_json_retry_prompt_is_answered_for_the_ids_it_names_only()
    {
        List<ChatMessage> conversation =
        [
            .. Prompts.Batch(("sig_1", "github.com", "/"), ("sig_2", "chatgpt.com", "/"), ("sig_10", "zoom.us", "/")),
            new(ChatRole.Assistant, "{\"results\":[{\"id\":\"sig_1\""),
            new(ChatRole.User, ClassificationPrompt.JsonRetryPrompt(["'}' expected at position 24"], ["sig_2", "sig_10"])),
        ];

        var response = await factory.CreateChatClient().GetResponseAsync(conversation, Prompts.SchemaMode);

        Assert.Equal(["sig_2", "sig_10"], Prompts.Parse(response.Text).Results.Select(r => r.Id));
    }

    [Fact]
    public async Task Content_sent_as_an_array_of_parts_is_read()
    {
        var user = new ChatMessage(ChatRole.User, [new TextContent("Classify:\n"), new TextContent(Prompts.UserMessage(("sig_9", "mail.google.com", "/mail/u/0")))]);

        var response = await factory.CreateChatClient().GetResponseAsync([new(ChatRole.System, Aimo.Core.Prompting.ClassificationPrompt.SystemPrompt), user], Prompts.JsonMode);

        Assert.Equal(Category.Webmail, Assert.Single(Prompts.Parse(response.Text).Results).Category);
    }

    [Fact]
    public async Task A_max_output_token_limit_truncates_with_finish_reason_length()
    {
        var options = Prompts.JsonMode;
        options.MaxOutputTokens = 10;

        var response = await factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("sig_1", "github.com", "/")), options);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(10, response.Usage!.OutputTokenCount);
        Assert.ThrowsAny<JsonException>(() => Prompts.Parse(response.Text));
    }

    [Fact]
    public async Task Streaming_yields_the_same_content_and_usage()
    {
        var chat = factory.CreateChatClient();
        var prompt = Prompts.Batch(("sig_1", "api.anthropic.com", "/v1/messages"), ("sig_2", "pypi.org", "/simple/requests/"));

        var whole = await chat.GetResponseAsync(prompt, Prompts.JsonMode);
        var streamed = await chat.GetStreamingResponseAsync(prompt, Prompts.JsonMode).ToChatResponseAsync();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.Equal(whole.Usage!.TotalTokenCount, streamed.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Models_lists_the_served_models_through_the_sdk()
    {
        var models = await new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential("k"), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(factory.Server.BaseAddress, "v1"),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(factory.CreateClient()),
        }).GetOpenAIModelClient().GetModelsAsync();

        Assert.Equal([SimulatorFactory.Model, "gpt-4o-mini", "gpt-4.1-mini", "o4-mini", "gpt-5-mini"], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task A_request_without_messages_gets_an_openai_style_400()
    {
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.PostAsJsonAsync("/v1/chat/completions", new { model = "aimo-sim-1", messages = Array.Empty<object>() });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
