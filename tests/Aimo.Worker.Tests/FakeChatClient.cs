using Microsoft.Extensions.AI;

namespace Aimo.Worker.Tests;

/// <summary>An IChatClient answered by a callback; records every conversation it was sent.</summary>
internal sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, int, ChatResponse> answer) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Calls { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Add(list);
        Options.Add(options);
        return Task.FromResult(answer(list, Calls.Count));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static ChatResponse Reply(string text, int input = 1000, int output = 100, string finish = "stop") =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = new ChatFinishReason(finish),
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
        };

    /// <summary>An honest answer for one id: each id its own service, as unrelated sites have.</summary>
    public static string Item(string id) =>
        $$"""{"id":"{{id}}","service":"Service of {{id}}","category":"ai_service","risk":"low","confidence":0.9,"rationale":"test"}""";

    public static string Results(params string[] ids) => $$"""{"results":[{{string.Join(",", ids.Select(Item))}}]}""";

    /// <summary>The ids the last user message asks for: its signature block, or the ids a re-ask names.</summary>
    public static IReadOnlyList<string> IdsAsked(IReadOnlyList<ChatMessage> messages)
    {
        var last = messages.Last(m => m.Role == ChatRole.User).Text;
        if (last.Contains(Aimo.Core.Signatures.SignatureBlock.OpenTag, StringComparison.Ordinal))
        {
            return [.. Aimo.Core.Signatures.SignatureBlock.Parse(last).Select(e => e.Id)];
        }
        const string marker = "no other ids: ";
        return [.. last[(last.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim().Split(", ")];
    }
}
