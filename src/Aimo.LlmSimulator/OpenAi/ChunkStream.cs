using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// Replays a finished completion as OpenAI's SSE stream: per choice a role chunk, content chunks and a finish
/// chunk, then an optional usage-only chunk, then <c>[DONE]</c>.
/// </summary>
public static class ChunkStream
{
    private const int ChunkChars = 48;

    /// <param name="stall">When set, the stream stops for this long after its first chunk (the <c>stall_body</c> fault).</param>
    public static async IAsyncEnumerable<string> From(
        ChatCompletionResponse completion,
        bool includeUsage,
        TimeSpan? stall,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var choice in completion.Choices)
        {
            var content = choice.Message.Content ?? "";
            yield return Serialize(completion, choice.Index, new ChunkDelta("assistant", ""), null);
            if (stall is { } pause)
            {
                await Task.Delay(pause, time, cancellationToken);
                stall = null;
            }
            for (var i = 0; i < content.Length; i += ChunkChars)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return Serialize(completion, choice.Index, new ChunkDelta(null, content.Substring(i, Math.Min(ChunkChars, content.Length - i))), null);
                await Task.Yield();
            }
            yield return Serialize(completion, choice.Index, new ChunkDelta(null, null), choice.FinishReason);
        }
        if (includeUsage)
        {
            yield return JsonSerializer.Serialize(
                new ChatCompletionChunk(completion.Id, "chat.completion.chunk", completion.Created, completion.Model, completion.SystemFingerprint, [], completion.Usage),
                OpenAiJson.Options);
        }
        yield return "[DONE]";
    }

    private static string Serialize(ChatCompletionResponse completion, int index, ChunkDelta delta, string? finishReason) =>
        JsonSerializer.Serialize(
            new ChatCompletionChunk(completion.Id, "chat.completion.chunk", completion.Created, completion.Model, completion.SystemFingerprint,
                [new ChunkChoice(index, delta, null, finishReason)], null),
            OpenAiJson.Options);
}
