using System.Text.Json;
using Aimo.LlmSimulator.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// Prompt caching as OpenAI reports it: a repeated prompt of 1,024 tokens or more reads its longest recently seen
/// prefix from the cache, in 128-token steps from 1,024, and says so in <c>usage.prompt_tokens_details.cached_tokens</c>.
/// </summary>
public sealed class PromptCacheTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static List<ChatMessage> LongBatch(string tag) =>
        Prompts.Batch([.. Enumerable.Range(1, 20).Select(i => ($"{tag}_{i}", $"service{i}.{tag}.example.com", $"/api/v{i}/items/{{id}}/details"))]);

    [Fact]
    public async Task A_repeated_long_prompt_is_read_from_the_cache_and_billed_at_the_cached_rate()
    {
        var prompt = LongBatch("cache");
        var first = await factory.CreateChatClient().GetResponseAsync(prompt, Prompts.JsonMode);
        var second = await factory.CreateChatClient().GetResponseAsync(prompt, Prompts.JsonMode);
        var other = await factory.CreateChatClient().GetResponseAsync(LongBatch("other"), Prompts.JsonMode);

        var input = second.Usage!.InputTokenCount!.Value;
        Assert.True(input >= PromptCache.MinimumTokens + PromptCache.Step, $"the test prompt has only {input} tokens");
        Assert.Equal(0, first.Usage!.CachedInputTokenCount ?? 0);
        var cached = second.Usage.CachedInputTokenCount!.Value;
        Assert.InRange(cached, input - PromptCache.Step - 64, input);
        Assert.Equal(0, (cached - PromptCache.MinimumTokens) % PromptCache.Step);
        // Another batch shares the system prompt, which is shorter than 1,024 tokens: nothing of it is cached.
        Assert.Equal(0, other.Usage!.CachedInputTokenCount ?? 0);

        var billed = (await factory.StatsAsync()).GetProperty("billed");
        Assert.Equal(cached, billed.GetProperty("cachedPromptTokens").GetInt64());
        decimal Price(ChatResponse answer, long cachedTokens) =>
            Billing.Bill.Price(SimulatorFactory.Model, answer.Usage!.InputTokenCount!.Value, cachedTokens, answer.Usage.OutputTokenCount!.Value);
        Assert.Equal(Price(first, 0) + Price(second, cached) + Price(other, 0), billed.GetProperty("usd").GetDecimal());
        Assert.True(Price(second, cached) < Price(second, 0));
    }

    private static ChatMessageRequest Message(string role, string text) => new(role, JsonSerializer.SerializeToElement(text));

    [Fact]
    public void Only_a_run_of_prefixes_from_the_start_within_the_lifetime_and_the_same_cache_key_counts()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new PromptCache(new TokenCounter(), clock);
        var system = Message("system", string.Join(' ', Enumerable.Range(0, 1_100).Select(i => $"w{i}")));
        ChatMessageRequest[] first = [system, Message("user", "alpha " + string.Join(' ', Enumerable.Range(0, 600).Select(i => $"a{i}")))];
        ChatMessageRequest[] second = [system, Message("user", "beta " + string.Join(' ', Enumerable.Range(0, 600).Select(i => $"b{i}")))];
        const int prompt = 10_000;

        Assert.Equal(0, cache.Read(null, first, prompt));
        var repeat = cache.Read(null, first, prompt);
        Assert.True(repeat > 2_000, $"repeat read {repeat}");
        // Same system prompt (over 1,024 tokens), other user text: only the shared whole steps of the prefix.
        var shared = cache.Read(null, second, prompt);
        Assert.InRange(shared, PromptCache.MinimumTokens, repeat - PromptCache.Step);
        Assert.Equal(0, cache.Read("another-key", first, prompt));
        Assert.Equal(0, cache.Read(null, first, PromptCache.MinimumTokens - 1));
        Assert.Equal(PromptCache.MinimumTokens, cache.Read(null, first, PromptCache.MinimumTokens + 100));

        clock.Advance(PromptCache.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(0, cache.Read(null, first, prompt));
    }
}
