using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Reasoning models spend reasoning tokens per effort, and those tokens count against the output limit.</summary>
public sealed class ReasoningTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("gpt-5-mini", "minimal", 0)]
    [InlineData("o4-mini", "low", 256)]
    [InlineData("o4-mini", "medium", 1024)]
    [InlineData("o4-mini", null, 1024)]
    [InlineData("gpt-5-mini", "high", 4096)]
    [InlineData("gpt-4o-mini", null, 0)]
    public async Task Reasoning_tokens_follow_the_effort_and_count_in_completion_tokens(string model, string? effort, int reasoning)
    {
        using var http = factory.CreateOpenAiHttpClient();

        var body = await (await http.PostChatAsync(Wire.Request(model, effort is null ? "" : $",\"reasoning_effort\":\"{effort}\""))).JsonAsync();

        var usage = body.GetProperty("usage");
        var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(reasoning, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(reasoning + Count(content), usage.GetProperty("completion_tokens").GetInt32());
        Assert.Single(Prompts.Parse(content).Results);
    }

    [Fact]
    public async Task A_limit_below_the_reasoning_tokens_leaves_an_empty_answer_cut_for_length()
    {
        using var http = factory.CreateOpenAiHttpClient();

        var body = await (await http.PostChatAsync(Wire.Request("o4-mini", ",\"reasoning_effort\":\"medium\",\"max_completion_tokens\":600"))).JsonAsync();

        var choice = body.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(600, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(600, body.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task A_limit_just_above_the_reasoning_tokens_cuts_the_answer_itself()
    {
        using var http = factory.CreateOpenAiHttpClient();

        var body = await (await http.PostChatAsync(Wire.Request("o4-mini", ",\"reasoning_effort\":\"low\",\"max_completion_tokens\":266"))).JsonAsync();

        var choice = body.GetProperty("choices")[0];
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(10, Count(content));
        Assert.StartsWith("{\"results\":", content);
        Assert.Equal(266, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Reasoning_tokens_per_effort_are_configurable()
    {
        await using var configured = new SimulatorFactory().WithWebHostBuilder(b => b.UseSetting("Simulator:ReasoningTokens:Low", "2000"));
        using var http = new SimulatorFactory.ClientFor(configured).Http();

        var body = await (await http.PostChatAsync(Wire.Request("o4-mini", ",\"reasoning_effort\":\"low\",\"max_completion_tokens\":1000"))).JsonAsync();

        Assert.Equal("length", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(1000, body.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task Streamed_reasoning_answers_report_the_same_usage()
    {
        using var http = factory.CreateOpenAiHttpClient();

        var events = await (await http.PostChatAsync(Wire.Request("o4-mini",
            ",\"reasoning_effort\":\"high\",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))).EventsAsync();

        var usage = JsonDocument.Parse(events[^2]).RootElement.GetProperty("usage");
        Assert.Equal(4096, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task N_choices_are_all_answered_and_all_counted()
    {
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.PostChatAsync(Wire.Request("o4-mini", ",\"n\":3,\"reasoning_effort\":\"low\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var choices = body.GetProperty("choices").EnumerateArray().ToList();
        var content = choices[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(3 * (256 + Count(content)), body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private static readonly Microsoft.ML.Tokenizers.Tokenizer O200k = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o");

    private static int Count(string text) => O200k.CountTokens(text);
}
