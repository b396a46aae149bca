using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// OpenAI's prompt caching as its guide describes it: a prompt of 1,024 tokens or more whose beginning was sent
/// recently is partly read from the cache — the longest prefix seen before, from 1,024 tokens up in 128-token steps —
/// and reported as <c>usage.prompt_tokens_details.cached_tokens</c>. A prefix is cached when a request carries it
/// and stays for <see cref="Lifetime"/> after its last use; <c>prompt_cache_key</c> separates caches.
/// </summary>
public sealed class PromptCache(TokenCounter tokens, TimeProvider time)
{
    public const int MinimumTokens = Aimo.Core.Prompting.PromptCaching.MinimumTokens;
    public const int Step = Aimo.Core.Prompting.PromptCaching.Step;

    /// <summary>OpenAI keeps an unused prefix for 5 to 10 minutes; the simulator takes the short end.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);

    /// <summary>The tokens of this prompt read from the cache (0 for a cold or short prompt); caches its prefixes for the next one.</summary>
    /// <param name="promptTokens">The prompt's billed tokens: cached tokens never exceed them.</param>
    public int Read(string? cacheKey, IEnumerable<ChatMessageRequest> messages, int promptTokens)
    {
        if (promptTokens < MinimumTokens) return 0;
        // Roles and texts in order, with separators, so moving text between messages is a different prompt.
        var ids = tokens.Encode(string.Concat(messages.Select(m => $"<|{m.Role}|>{m.Text()}<|end|>")));
        var now = time.GetUtcNow();
        var cached = 0;
        var hit = true;
        // One running hash over the tokens, read at each step: every prefix is hashed once, not from the start again.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes((cacheKey ?? "") + ":"));
        var hashed = 0;
        for (var length = MinimumTokens; length <= Math.Min(ids.Length, promptTokens); length += Step)
        {
            hash.AppendData(MemoryMarshal.AsBytes(ids.AsSpan(hashed, length - hashed)));
            hashed = length;
            var prefix = Convert.ToHexString(hash.GetCurrentHash());
            // Only a run of prefixes from the start counts: a prompt that differs at token 1,100 reuses nothing beyond it.
            hit = hit && _lastUsed.TryGetValue(prefix, out var used) && now - used <= Lifetime;
            if (hit) cached = length;
            _lastUsed[prefix] = now;
        }
        if (_lastUsed.Count > PruneAbove) Prune(now);
        return cached;
    }

    /// <summary>Forgets every prefix (<c>POST /sim/reset</c>): the next prompt is cold.</summary>
    public void Reset() => _lastUsed.Clear();

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, used) in _lastUsed)
        {
            if (now - used > Lifetime) _lastUsed.TryRemove(key, out _);
        }
    }
}
