using System.Text;
using System.Text.Json;
using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Batches;

public static class BatchFiles
{
    /// <summary>One JSON object per line, each line ended by a newline, as the real API writes its output files.</summary>
    public static byte[] Jsonl(IEnumerable<BatchOutputLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(JsonSerializer.Serialize(line, OpenAiJson.Options)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
