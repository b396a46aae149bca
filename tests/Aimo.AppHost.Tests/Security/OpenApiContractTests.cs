using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aimo.Core;

namespace Aimo.AppHost.Tests.Security;

/// <summary>
/// The API contract as a reviewed file: the served OpenAPI document must equal the committed snapshot
/// (<c>openapi.v1.json</c> beside this file), so any change to routes, bodies, responses or security is a diff in review.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class OpenApiContractTests(StackFixture fixture)
{
    public const string UpdateVariable = "AIMO_UPDATE_SNAPSHOTS";

    [Fact]
    public async Task The_served_document_equals_the_committed_snapshot()
    {
        var actual = Normalize(await DocumentAsync());
        var path = SnapshotPath();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, actual);
            return;
        }
        var expected = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        if (expected == actual)
        {
            return;
        }
        var served = Path.Combine(Path.GetTempPath(), "openapi.v1.served.json");
        await File.WriteAllTextAsync(served, actual);
        Assert.Fail($"""
            The OpenAPI document differs from the committed snapshot{FirstDifference(expected, actual)}.
            Served document: {served}  (diff it: diff -u {path} {served})
            If the API change is intended, update the snapshot and commit it with the change:
              {UpdateVariable}=1 dotnet test tests/Aimo.AppHost.Tests --filter "FullyQualifiedName~OpenApiContractTests"
            """);
    }

    [Fact]
    public async Task The_ingest_body_and_the_key_schemes_are_documented()
    {
        var document = await DocumentAsync();
        var content = document["paths"]!["/api/signatures"]!["post"]!["requestBody"]!["content"]!.AsObject();
        Assert.Equal("#/components/schemas/IngestRequest", content["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/IngestSignature", content["application/x-ndjson"]!["schema"]!["$ref"]!.GetValue<string>());
        var signature = document["components"]!["schemas"]!["IngestSignature"]!;
        Assert.Equal(["tier", "host", "pathTemplate", "samples"], signature["required"]!.AsArray().Select(n => n!.GetValue<string>()));

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        foreach (var scheme in new[] { "IngestKey", "OperatorKey" })
        {
            Assert.Equal("apiKey", schemes[scheme]!["type"]!.GetValue<string>());
            Assert.Equal("header", schemes[scheme]!["in"]!.GetValue<string>());
            Assert.Equal("X-Api-Key", schemes[scheme]!["name"]!.GetValue<string>());
        }

        foreach (var route in ApiRoute.All)
        {
            var operation = document["paths"]![route.Template]![route.Method.ToLowerInvariant()]!;
            var required = operation["security"]!.AsArray().Single()!.AsObject().Single().Key;
            Assert.Equal(route.Scope == ApiRoute.Ingest ? "IngestKey" : "OperatorKey", required);
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "401", "403", "429", "503" })
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{route}: {status} is not documented as problem details");
            }
        }
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = fixture.Stack.App.CreateHttpClient(ResourceNames.Ingest);
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
    }

    /// <summary>The document without what changes from run to run (the server URL has the stack's random port).</summary>
    private static string Normalize(JsonObject document)
    {
        document.Remove("servers");
        // Relaxed escaping: the snapshot is read in review, so quotes stay quotes.
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return document.ToJsonString(options).ReplaceLineEndings("\n") + "\n";
    }

    private static string FirstDifference(string expected, string actual)
    {
        var (e, a) = (expected.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
        return $" at line {line + 1}: snapshot \"{(line < e.Length ? e[line].Trim() : "<end>")}\", served \"{(line < a.Length ? a[line].Trim() : "<end>")}\"";
    }

    private static string SnapshotPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "openapi.v1.json");
}
