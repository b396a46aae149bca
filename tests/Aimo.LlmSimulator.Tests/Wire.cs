using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Raw chat-completions calls, for what the SDK would not send or would hide.</summary>
public static class Wire
{
    /// <summary>A one-message batch prompt, as JSON, for <c>$messages</c> in request templates.</summary>
    public static readonly string Messages = JsonSerializer.Serialize(new object[]
    {
        new { role = "system", content = Aimo.Core.Prompting.ClassificationPrompt.SystemPrompt },
        new { role = "user", content = Prompts.UserMessage(("sig_1", "github.com", "/")) },
    });

    /// <summary>A request body from a template: <c>$messages</c> becomes <see cref="Messages"/>.</summary>
    public static string Body(string template) => template.Replace("$messages", Messages, StringComparison.Ordinal);

    /// <summary>A valid request for <paramref name="model"/> plus <paramref name="extra"/> top-level members (",\"n\":2").</summary>
    public static string Request(string model = SimulatorFactory.Model, string extra = "") =>
        $$"""{"model":"{{model}}","messages":{{Messages}}{{extra}}}""";

    public static Task<HttpResponseMessage> PostChatAsync(this HttpClient http, string body) =>
        http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The <c>error</c> object of an OpenAI error body, after checking the body against the spec's ErrorResponse.</summary>
    public static async Task<OpenAiErrorView> ErrorAsync(this HttpResponseMessage response) =>
        ErrorOfBody(await response.Content.ReadAsStringAsync());

    public static OpenAiErrorView ErrorOfBody(string json)
    {
        var body = JsonDocument.Parse(json).RootElement;
        SpecSchemas.AssertValid(SpecSchemas.Error, body);
        var error = body.GetProperty("error");
        return new(error.GetProperty("message").GetString()!, error.GetProperty("type").GetString()!,
            error.GetProperty("param").GetString(), error.GetProperty("code").GetString());
    }

    /// <summary>The <c>data:</c> payloads of an SSE stream, <c>[DONE]</c> included.</summary>
    public static async Task<List<string>> EventsAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadAsStringAsync())
            .Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => line["data: ".Length..].TrimEnd('\r'))
            .ToList();

    public static async Task<JsonElement> StatsAsync(this SimulatorFactory factory)
    {
        using var http = factory.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>("/sim/stats");
    }

    public static long Outcome(this JsonElement stats, string outcome) =>
        stats.GetProperty("byOutcome").TryGetProperty(outcome, out var n) ? n.GetInt64() : 0;
}
