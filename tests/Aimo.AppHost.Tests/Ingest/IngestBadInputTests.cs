using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aimo.Core;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Ingest;

/// <summary>Every bad request gets the right 4xx, problem details with a useful message, and writes no stream entry.</summary>
[Collection(StackCollection.Name)]
public sealed class IngestBadInputTests(StackFixture fixture)
{
    private const string Key = "use-stack-key";

    private static string Valid => Item("ok.example.com");

    private static string Without(string field) => field switch
    {
        "tier" => """{"host":"a.example.com","pathTemplate":"/x","samples":["s"]}""",
        "host" => """{"tier":"A","pathTemplate":"/x","samples":["s"]}""",
        "pathTemplate" => """{"tier":"A","host":"a.example.com","samples":["s"]}""",
        _ => """{"tier":"A","host":"a.example.com","pathTemplate":"/x"}""",
    };

    private static string Sig(string tier = "\"A\"", string host = "\"a.example.com\"", string path = "\"/x\"", string samples = "[\"s\"]", string extra = "") =>
        $$"""{"tier":{{tier}},"host":{{host}},"pathTemplate":{{path}},"samples":{{samples}}{{extra}}}""";

    private static string Wrap(params string[] items) => $$"""{"signatures":[{{string.Join(",", items)}}]}""";

    private static object[] Case(string name, string body, int status, string message, string contentType = "application/json", string? key = Key) =>
        [name, body, status, message, contentType, key ?? ""];

    public static IEnumerable<object[]> Cases() =>
    [
        Case("malformed json", """{"signatures":[""", 400, "not valid JSON"),
        Case("empty body", "", 400, "not valid JSON"),
        Case("deeply nested", new string('[', 100) + new string(']', 100), 400, "not valid JSON"),
        Case("body is an array", "[]", 400, "must be a JSON object"),
        Case("missing signatures", "{}", 400, "\"signatures\" is required"),
        Case("signatures not an array", """{"signatures":{}}""", 400, "must be an array"),
        Case("empty signatures", """{"signatures":[]}""", 400, "between 1 and 1000"),
        Case("unknown top-level field", $$"""{"signatures":[{{Sig()}}],"priority":1}""", 400, "Unknown field \"priority\""),
        Case("unknown item field", Wrap(Sig(extra: ",\"colour\":\"red\"")), 400, "Unknown field \"colour\""),
        Case("item is a number", Wrap("1"), 400, "must be a JSON object"),
        Case("missing tier", Wrap(Without("tier")), 400, "tier is required"),
        Case("invalid tier", Wrap(Sig(tier: "\"D\"")), 400, "Tier must be \"A\", \"B\" or \"C\""),
        Case("lower-case tier", Wrap(Sig(tier: "\"a\"")), 400, "Tier must be"),
        Case("tier is a number", Wrap(Sig(tier: "1")), 400, "tier must be a string"),
        Case("missing host", Wrap(Without("host")), 400, "host is required"),
        Case("empty host", Wrap(Sig(host: "\"\"")), 400, "host must not be empty"),
        Case("host with space", Wrap(Sig(host: "\"exa mple.com\"")), 400, "not a valid host name"),
        Case("host with scheme", Wrap(Sig(host: "\"https://a.example.com\"")), 400, "not a valid host name"),
        Case("host with port", Wrap(Sig(host: "\"a.example.com:443\"")), 400, "not a valid host name"),
        Case("host with control character", Wrap(Sig(host: "\"a\\u0001.example.com\"")), 400, "control characters"),
        Case("huge host", Wrap(Sig(host: $"\"{new string('a', 300)}.com\"")), 400, "at most 253 characters"),
        Case("missing path", Wrap(Without("pathTemplate")), 400, "pathTemplate is required"),
        Case("path without slash", Wrap(Sig(path: "\"v1/files\"")), 400, "must start with '/'"),
        Case("path with control character", Wrap(Sig(path: "\"/v1\\u0007/x\"")), 400, "control characters"),
        Case("path is an object", Wrap(Sig(path: "{}")), 400, "pathTemplate must be a string"),
        Case("missing samples", Wrap(Without("samples")), 400, "Samples are required"),
        Case("empty samples", Wrap(Sig(samples: "[]")), 400, "between 1 and 20 samples"),
        Case("samples not an array", Wrap(Sig(samples: "\"s\"")), 400, "must be an array of strings"),
        Case("sample not a string", Wrap(Sig(samples: "[1]")), 400, "A sample must be a string"),
        Case("huge sample", Wrap(Sig(samples: $"[\"{new string('x', 5000)}\"]")), 400, "at most 4096 characters"),
        Case("too many samples", Wrap(Sig(samples: "[" + string.Join(",", Enumerable.Repeat("\"s\"", 21)) + "]")), 400, "between 1 and 20 samples"),
        Case("unknown stats field", Wrap(Sig(extra: ",\"stats\":{\"clicks\":1}")), 400, "Unknown field \"clicks\""),
        Case("negative stats count", Wrap(Sig(extra: ",\"stats\":{\"requests\":-1}")), 400, "non-negative integer"),
        Case("stats count as string", Wrap(Sig(extra: ",\"stats\":{\"users\":\"10\"}")), 400, "non-negative integer"),
        Case("bad stats date", Wrap(Sig(extra: ",\"stats\":{\"firstSeen\":\"yesterday\"}")), 400, "ISO 8601"),
        Case("bad id", Wrap(Sig(extra: ",\"id\":\"has space\"")), 400, "The id must be"),
        Case("bad method", Wrap(Sig(extra: ",\"method\":\"G3T\"")), 400, "Method must be"),
        Case("one bad item among good ones", Wrap(Valid, Sig(host: "\"bad host\""), Valid), 400, "signatures[1].host"),
        Case("too many items", Wrap(Enumerable.Repeat(Sig(), 1001).ToArray()), 400, "between 1 and 1000"),
        Case("100k items", Wrap(Enumerable.Repeat(Sig(), 100_000).ToArray()), 413, "at most 5242880 bytes"),
        Case("10 MB body", Wrap(Sig(samples: $"[\"{new string('x', 10 * 1024 * 1024)}\"]")), 413, "at most 5242880 bytes"),
        Case("wrong content type", Wrap(Sig()), 415, "Unsupported media type", contentType: "text/plain"),
        Case("form content type", "signatures=1", 415, "application/x-ndjson", contentType: "application/x-www-form-urlencoded"),
        Case("ndjson with a malformed line", Sig() + "\n{not json\n", 400, "Line 2 is not valid JSON", contentType: "application/x-ndjson"),
        Case("ndjson with a bad item", Sig() + "\n" + Sig(tier: "\"Z\"") + "\n", 400, "signatures[1].tier", contentType: "application/x-ndjson"),
        Case("empty ndjson", "\n\n", 400, "between 1 and 1000", contentType: "application/x-ndjson"),
        Case("missing key", Wrap(Sig()), 401, "header is missing", key: null),
        Case("wrong key", Wrap(Sig()), 401, "not a valid key", key: "wrong-key-123"),
        Case("wrong key with bad body", "{nope", 401, "not a valid key", key: "wrong-key-123"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_rejected_with_problem_details_and_nothing_enqueued(string name, string body, int status, string message,
        string contentType, string key)
    {
        using var redis = await RedisAsync(fixture.Stack);
        var before = await AllEntriesAddedAsync(redis);

        using var client = fixture.Stack.App.CreateHttpClient(ResourceNames.Ingest);
        client.Timeout = TimeSpan.FromSeconds(60);
        if (key == Key)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", AimoStack.IngestApiKey);
        }
        else if (key.Length > 0)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync("/api/signatures", content);

        Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = ProblemText(await response.Content.ReadAsStringAsync());
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"{name}: \"{message}\" not in: {text}");
        Assert.Equal(before, await AllEntriesAddedAsync(redis));
    }
}
