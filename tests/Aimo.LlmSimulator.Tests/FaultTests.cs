using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.LlmSimulator.Classification;
using Microsoft.Extensions.AI;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Each fault, forced through the run-time API, as the real OpenAI client sees it.</summary>
public sealed class FaultTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private static readonly List<ChatMessage> TwoSignatures = Prompts.Batch(("sig_1", "api.openai.com", "/v1/chat/completions"), ("sig_2", "github.com", "/"));

    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("http500", 500)]
    [InlineData("http503", 503)]
    [InlineData("http429", 429)]
    public async Task Http_faults_surface_as_ClientResultException_with_the_status(string fault, int status)
    {
        await factory.ForceAsync(fault);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode));

        Assert.Equal(status, ex.Status);
        var body = JsonDocument.Parse(ex.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.True(body.TryGetProperty("type", out _) && body.TryGetProperty("param", out _) && body.TryGetProperty("code", out _));
    }

    [Fact]
    public async Task Rate_limit_carries_a_readable_Retry_After_header()
    {
        await factory.ForceAsync("http429");

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode));

        Assert.True(ex.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal(SimulatorFactory.RetryAfterSeconds, int.Parse(retryAfter!));
    }

    [Fact]
    public async Task Truncation_ends_with_finish_reason_length_and_unparseable_content()
    {
        await factory.ForceAsync("truncated");

        var response = await factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.StartsWith("{\"results\":[", response.Text);
        Assert.ThrowsAny<JsonException>(() => Prompts.Parse(response.Text));
        Assert.Equal(response.Usage!.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Invalid_json_finishes_normally_but_does_not_parse()
    {
        await factory.ForceAsync("invalid_json");

        var response = await factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.ThrowsAny<JsonException>(() => Prompts.Parse(response.Text));
        // Even a lenient parser that cuts the prose before the first brace cannot rescue it.
        Assert.ThrowsAny<JsonException>(() => Prompts.Parse(response.Text[response.Text.IndexOf('{')..]));
    }

    [Fact]
    public async Task Code_fence_wraps_otherwise_valid_json()
    {
        await factory.ForceAsync("code_fence");

        var text = (await factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode)).Text;

        Assert.StartsWith("```json\n", text);
        Assert.EndsWith("\n```", text);
        Assert.ThrowsAny<JsonException>(() => Prompts.Parse(text));
        Assert.Equal(2, Prompts.Parse(text["```json\n".Length..^"\n```".Length]).Results.Count);
    }

    [Fact]
    public async Task Dropped_items_leave_a_signature_without_a_result()
    {
        await factory.ForceAsync("dropped_items");

        var answer = Prompts.Parse((await factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode)).Text);

        Assert.Equal("sig_1", Assert.Single(answer.Results).Id);
    }

    [Fact]
    public async Task Extra_ids_add_a_result_for_an_id_not_in_the_batch()
    {
        await factory.ForceAsync("extra_ids");

        var answer = Prompts.Parse((await factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode)).Text);

        Assert.Equal(["sig_1", "sig_2", AnswerComposer.ExtraId], answer.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task A_hang_outlasts_the_client_timeout_and_ends_when_the_client_gives_up()
    {
        await factory.ForceAsync("hang");
        var chat = factory.CreateChatClient(networkTimeout: TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat.GetResponseAsync(TwoSignatures, Prompts.JsonMode));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        using var http = factory.CreateClient();
        var stats = await http.GetFromJsonAsync<JsonElement>("/sim/stats");
        Assert.Equal(1, stats.GetProperty("byOutcome").GetProperty("hang").GetInt32());
    }

    [Fact]
    public async Task Fixed_latency_delays_every_answer()
    {
        using var http = factory.CreateClient();
        (await http.PutAsJsonAsync("/sim/faults", new { latencyMs = 300 })).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();

        var response = await factory.CreateChatClient().GetResponseAsync(TwoSignatures, Prompts.JsonMode);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {clock.Elapsed}");
        Assert.Equal(2, Prompts.Parse(response.Text).Results.Count);
    }

    [Fact]
    public async Task Forced_faults_apply_to_the_next_N_requests_then_answers_recover()
    {
        await factory.ForceAsync("http500", count: 2);
        var chat = factory.CreateChatClient();

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await chat.GetResponseAsync(TwoSignatures, Prompts.JsonMode);
                statuses.Add(200);
            }
            catch (ClientResultException ex)
            {
                statuses.Add(ex.Status);
            }
        }

        Assert.Equal([500, 500, 200], statuses);
    }

    [Fact]
    public async Task A_forced_fault_with_a_match_waits_for_a_request_containing_that_text()
    {
        using var http = factory.CreateClient();
        (await http.PostAsJsonAsync("/sim/faults/next", new { fault = "http500", count = 1, match = "dropbox.com" })).EnsureSuccessStatusCode();
        var chat = factory.CreateChatClient();
        var other = Prompts.Batch(("sig_9", "github.com", "/"));
        var targeted = Prompts.Batch(("sig_8", "www.dropbox.com", "/s/{id}"));

        // Requests without the text pass untouched and leave the fault queued...
        Assert.Single(Prompts.Parse((await chat.GetResponseAsync(other, Prompts.JsonMode)).Text).Results);
        Assert.Single(Prompts.Parse((await chat.GetResponseAsync(other, Prompts.JsonMode)).Text).Results);
        // ...until one contains it; then the fault is used up.
        var failed = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync(targeted, Prompts.JsonMode));
        Assert.Equal(500, failed.Status);
        Assert.Single(Prompts.Parse((await chat.GetResponseAsync(targeted, Prompts.JsonMode)).Text).Results);
    }

    [Fact]
    public async Task A_forced_sequence_plays_in_order()
    {
        using var http = factory.CreateClient();
        (await http.PostAsJsonAsync("/sim/faults/next", new { sequence = new[] { "http503", "truncated", "none" } })).EnsureSuccessStatusCode();
        var chat = factory.CreateChatClient();

        var first = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync(TwoSignatures, Prompts.JsonMode));
        var second = await chat.GetResponseAsync(TwoSignatures, Prompts.JsonMode);
        var third = await chat.GetResponseAsync(TwoSignatures, Prompts.JsonMode);

        Assert.Equal(503, first.Status);
        Assert.Equal(ChatFinishReason.Length, second.FinishReason);
        Assert.Equal(2, Prompts.Parse(third.Text).Results.Count);
    }

    [Fact]
    public async Task Probabilistic_faults_follow_the_seed_and_replay_after_a_put()
    {
        using var http = factory.CreateClient();
        var profile = new { http500Probability = 0.3, truncatedProbability = 0.3, seed = 7 };

        async Task<List<string>> RunTwelve()
        {
            (await http.PutAsJsonAsync("/sim/faults", profile)).EnsureSuccessStatusCode();
            var chat = factory.CreateChatClient();
            var outcomes = new List<string>();
            for (var i = 0; i < 12; i++)
            {
                try
                {
                    var r = await chat.GetResponseAsync(TwoSignatures, Prompts.JsonMode);
                    outcomes.Add(r.FinishReason == ChatFinishReason.Length ? "length" : "ok");
                }
                catch (ClientResultException ex)
                {
                    outcomes.Add(ex.Status.ToString());
                }
            }
            return outcomes;
        }

        var first = await RunTwelve();
        var second = await RunTwelve();

        Assert.Equal(first, second);
        Assert.Contains("500", first);
        Assert.Contains("length", first);
        Assert.Contains("ok", first);
    }

    [Fact]
    public async Task Faults_apply_to_streamed_answers_too()
    {
        using var http = factory.CreateClient();
        (await http.PostAsJsonAsync("/sim/faults/next", new { sequence = new[] { "http500", "truncated" } })).EnsureSuccessStatusCode();
        var chat = factory.CreateChatClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetStreamingResponseAsync(TwoSignatures, Prompts.JsonMode).ToChatResponseAsync());
        var truncated = await chat.GetStreamingResponseAsync(TwoSignatures, Prompts.JsonMode).ToChatResponseAsync();

        Assert.Equal(500, error.Status);
        Assert.Equal(ChatFinishReason.Length, truncated.FinishReason);
        Assert.ThrowsAny<JsonException>(() => Prompts.Parse(truncated.Text));
    }
}
