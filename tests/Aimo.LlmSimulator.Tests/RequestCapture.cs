using System.Text.Json;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Records the JSON bodies a client sends, to see what the OpenAI SDK really puts on the wire.</summary>
public sealed class RequestCapture : DelegatingHandler
{
    public List<JsonElement> Bodies { get; } = [];

    public JsonElement Last => Bodies[^1];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            var text = await request.Content.ReadAsStringAsync(cancellationToken);
            if (text.Length > 0) Bodies.Add(JsonDocument.Parse(text).RootElement.Clone());
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
