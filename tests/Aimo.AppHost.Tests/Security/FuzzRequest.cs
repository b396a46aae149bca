using System.Text;

namespace Aimo.AppHost.Tests.Security;

/// <summary>One generated request; <see cref="ToString"/> is what a failure prints, so it shows enough to replay it.</summary>
public sealed record FuzzRequest(string Label, string Method, string Path, string? ContentType, byte[]? Body, string[] Keys)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            // As a careful client does with a big body: the server may answer (401, 403, 413, or a route that takes no
            // body) without reading it, and then closes the connection under a client still uploading.
            message.Headers.ExpectContinue = Body.Length > 64 * 1024;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        if (Keys.Length > 0)
        {
            message.Headers.TryAddWithoutValidation("X-Api-Key", Keys);
        }
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "no body" : $"{Body.Length} bytes: {Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300))}";
        var keys = string.Join(" | ", Keys.Select(k => k.Length > 40 ? k[..40] + "…" : k));
        return $"[{Label}] {Method} {(Path.Length > 300 ? Path[..300] + "…" : Path)} Content-Type: {ContentType} X-Api-Key: {keys}; {body}";
    }
}
