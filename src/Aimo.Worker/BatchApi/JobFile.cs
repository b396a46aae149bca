using System.Text.Json;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// A job's input file in the Batch API's JSONL format: one line per planned batch, <c>custom_id</c>, <c>method</c>
/// POST, <c>url</c> /v1/chat/completions and <c>body</c> = the chat request exactly as the synchronous path sends it.
/// </summary>
public static class JobFile
{
    public const string Endpoint = "/v1/chat/completions";

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
