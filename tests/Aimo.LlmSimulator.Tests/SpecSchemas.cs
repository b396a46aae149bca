using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// Validates simulator output against schema fragments of OpenAI's published OpenAPI document
/// (<c>Spec/openai-chat-schemas.json</c>; source and transformations in <c>Spec/README.md</c>).
/// </summary>
public static class SpecSchemas
{
    public const string ChatCompletion = "CreateChatCompletionResponse";
    public const string ChatCompletionChunk = "CreateChatCompletionStreamResponse";
    public const string Error = "ErrorResponse";
    public const string ModelList = "ListModelsResponse";
    public const string Model = "Model";
    public const string File = "OpenAIFile";
    public const string DeletedFile = "DeleteFileResponse";
    public const string Batch = "Batch";
    public const string BatchList = "ListBatchesResponse";
    public const string BatchOutputLine = "BatchRequestOutput";

    private static readonly string Document = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spec", "openai-chat-schemas.json"));
    // Test classes run in parallel and meet here. GetOrAdd may run its factory more than once for one key, so it
    // only makes a Lazy; the Lazy builds each schema exactly once, and everyone evaluates that one.
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

    /// <summary>The request parameter names of <c>CreateChatCompletionRequest</c> in the same spec.</summary>
    public static IReadOnlySet<string> RequestParameters { get; } = JsonDocument
        .Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spec", "openai-chat-request-parameters.json")))
        .RootElement.GetProperty("parameters").EnumerateArray().Select(e => e.GetString()!).ToHashSet();

    public static void AssertValid(string definition, string json) => AssertValid(definition, JsonDocument.Parse(json).RootElement);

    public static void AssertValid(string definition, JsonElement instance)
    {
        var results = Schemas.GetOrAdd(definition, d => new Lazy<JsonSchema>(() => Build(d))).Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return;
        var problems = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"));
        Assert.Fail($"Not a valid {definition}:\n{string.Join('\n', problems)}\n{instance.GetRawText()}");
    }

    // The whole document with a root $ref to one definition: refs between definitions resolve within it. Building
    // registers the schema under its base URI; each gets a registry of its own (it still finds the meta-schemas in
    // the global one) because the global registry refuses a second schema under one URI and is a plain dictionary,
    // not safe for two definitions built at once.
    private static JsonSchema Build(string definition)
    {
        var document = JsonNode.Parse(Document)!.AsObject();
        document["$ref"] = $"#/$defs/{definition}";
        return JsonSchema.FromText(document.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://aimo.test/openai/{definition}.json"));
    }
}
