using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aimo.Data.Export;

/// <summary>Formats rows into a buffer that the writer sends and clears after each page, so memory holds one page at most.</summary>
internal abstract class ExportSink
{
    protected ArrayBufferWriter<byte> Buffer { get; } = new(64 * 1024);

    public static ExportSink For(ExportFormat format) => format == ExportFormat.Csv ? new CsvSink() : new NdjsonSink();

    public abstract void Header(IReadOnlyList<string> names);

    public abstract void Row(IReadOnlyList<string> names, object?[] values);

    public async Task DrainAsync(Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        Buffer.ResetWrittenCount();
    }

    protected static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

internal sealed class CsvSink : ExportSink
{
    public override void Header(IReadOnlyList<string> names) => Line(names.Select(CsvField.Quote));

    public override void Row(IReadOnlyList<string> names, object?[] values) => Line(values.Select(Field));

    private void Line(IEnumerable<string> fields) => Encoding.UTF8.GetBytes(string.Join(',', fields) + "\r\n", Buffer);

    private static string Field(object? value) => value switch
    {
        null => "",
        string text => CsvField.Text(text),
        DateTimeOffset instant => Instant(instant),
        IReadOnlyList<string> list => CsvField.Text(JsonSerializer.Serialize(list)),
        IFormattable number => CsvField.Quote(number.ToString(null, CultureInfo.InvariantCulture)),
        _ => CsvField.Text(value.ToString()),
    };
}

internal sealed class NdjsonSink : ExportSink
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = false };

    public override void Header(IReadOnlyList<string> names)
    {
        // NDJSON has no header: every line names its fields.
    }

    public override void Row(IReadOnlyList<string> names, object?[] values)
    {
        using (var json = new Utf8JsonWriter(Buffer, Options))
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Count; i++)
            {
                json.WritePropertyName(names[i]);
                Value(json, values[i]);
            }
            json.WriteEndObject();
        }
        Buffer.Write("\n"u8);
    }

    private static void Value(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string text: json.WriteStringValue(text); break;
            case DateTimeOffset instant: json.WriteStringValue(Instant(instant)); break;
            case Guid id: json.WriteStringValue(id); break;
            case int n: json.WriteNumberValue(n); break;
            case long n: json.WriteNumberValue(n); break;
            case decimal n: json.WriteNumberValue(n); break;
            case double n: json.WriteNumberValue(n); break;
            case bool b: json.WriteBooleanValue(b); break;
            case IReadOnlyList<string> list:
                json.WriteStartArray();
                foreach (var item in list) json.WriteStringValue(item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }
}
