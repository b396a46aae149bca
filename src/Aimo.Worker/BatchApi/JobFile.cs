using System.Text.Json;
using Aimo.Core.Prompting;
using Aimo.Core.Signatures;
using Aimo.Worker.Llm;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// A job's input file in the Batch API's JSONL format: one line per planned batch, <c>custom_id</c>, <c>method</c>
/// POST, <c>url</c> /v1/chat/completions and <c>body</c> = the chat request exactly as the synchronous path sends it.
/// </summary>
public static class JobFile
{
    public const string Endpoint = "/v1/chat/completions";

    /// <summary>The provider's limit on a batch input file (OpenAI: 200 MB).</summary>
    public const long ProviderMaxBytes = 200L * 1024 * 1024;

    /// <summary>Room for a line's JSON around its two messages: custom_id, method, url, model, options and the answer's schema.</summary>
    private const int EnvelopeBytes = 16 * 1024;

    /// <summary>
    /// The most bytes the line of a planned batch can take, known before its body is written: its two messages as JSON
    /// text with every character a JSON writer may escape escaped, plus the envelope; a job is closed before its file
    /// could pass the size limit.
    /// </summary>
    public static long LineBound(ModelRequest request, IReadOnlyList<FormattedSignature> group) =>
        EnvelopeBytes + JsonEncodedText.Encode(request.SystemPrompt).EncodedUtf8Bytes.Length
        + JsonEncodedText.Encode(ClassificationPrompt.BuildUserPrompt(group)).EncodedUtf8Bytes.Length;

    public static BinaryData Write(IEnumerable<(string CustomId, BinaryData Body)> lines)
    {
        using var buffer = new MemoryStream();
        foreach (var (customId, body) in lines)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", customId);
                writer.WriteString("method", "POST");
                writer.WriteString("url", Endpoint);
                writer.WritePropertyName("body");
                // The request as the library wrote it, on one line (the library may indent; JSONL may not).
                using var request = JsonDocument.Parse(body);
                request.RootElement.WriteTo(writer);
                writer.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
        }
        return BinaryData.FromBytes(buffer.ToArray());
    }
}
