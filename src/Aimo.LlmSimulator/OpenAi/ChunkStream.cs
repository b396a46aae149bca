using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// Replays a finished completion as OpenAI's SSE stream: a role chunk, content chunks, a finish chunk,
/// an optional usage-only chunk, then <c>[DONE]</c>.
/// </summary>
public static class ChunkStream
{
    private const int ChunkChars = 48;

    public static async IAsyncEnumerable<string> From(
        ChatCompletionResponse completion, bool includeUsage, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var choice = completion.Choices[0];
        var content = choice.Message.Content ?? "";
        yield return Serialize(completion, new ChunkDelta("assistant", ""), null);
        for (var i = 0; i < content.Length; i += ChunkChars)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Serialize(completion, new ChunkDelta(null, content.Substring(i, Math.Min(ChunkChars, content.Length - i))), null);
            await Task.Yield();
        }
        yield return Serialize(completion, new ChunkDelta(null, null), choice.FinishReason);
        if (includeUsage)
        {
            yield return JsonSerializer.Serialize(
                new ChatCompletionChunk(completion.Id, "chat.completion.chunk", completion.Created, completion.Model, completion.SystemFingerprint, [], completion.Usage),
                OpenAiJson.Options);
        }
        yield return "[DONE]";
    }

    private static string Serialize(ChatCompletionResponse completion, ChunkDelta delta, string? finishReason) =>
        JsonSerializer.Serialize(
            new ChatCompletionChunk(completion.Id, "chat.completion.chunk", completion.Created, completion.Model, completion.SystemFingerprint,
                [new ChunkChoice(0, delta, null, finishReason)], null),
            OpenAiJson.Options);
}
