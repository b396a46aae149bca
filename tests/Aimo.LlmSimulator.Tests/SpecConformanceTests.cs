using System.Net;
using System.Net.Http.Json;
using Aimo.LlmSimulator.Validation;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// What the simulator sends, checked against the schemas of OpenAI's published OpenAPI document
/// (<c>Spec/README.md</c>): completions, every stream chunk, model listings and every kind of error.
/// </summary>
public sealed class SpecConformanceTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_simulator_knows_exactly_the_request_parameters_of_the_spec()
    {
        Assert.Equal(SpecSchemas.RequestParameters.Order(), KnownParameters.All.Order());
    }

    [Theory]
    [InlineData("""{"error":{"message":"m","type":"t","param":null}}""")]
    [InlineData("""{"error":{"message":"m","type":"t","param":null,"code":null,"status":400}}""")]
    [InlineData("""{"error":{"message":"m","type":"t","param":null,"code":429}}""")]
    public void The_schema_check_can_fail(string invalidError)
    {
        // Guards the guard: a missing field, an invented field and a wrong type are each caught.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SpecSchemas.AssertValid(SpecSchemas.Error, invalidError));
    }

    [Theory]
    [InlineData("aimo-sim-1", "")]
    [InlineData("aimo-sim-1", ",\"n\":3,\"response_format\":{\"type\":\"json_object\"}")]
    [InlineData("gpt-4o-mini", ",\"max_tokens\":5")]
    [InlineData("o4-mini", ",\"reasoning_effort\":\"high\"")]
    [InlineData("gpt-5-mini", ",\"max_completion_tokens\":100")]
    public async Task A_completion_is_a_valid_CreateChatCompletionResponse(string model, string extra)
    {
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.PostChatAsync(Wire.Request(model, extra));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SpecSchemas.AssertValid(SpecSchemas.ChatCompletion, await response.JsonAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_stream_chunk_is_a_valid_CreateChatCompletionStreamResponse(bool includeUsage)
    {
        using var http = factory.CreateOpenAiHttpClient();
        var extra = ",\"stream\":true" + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "");

        var events = await (await http.PostChatAsync(Wire.Request("o4-mini", extra))).EventsAsync();

        Assert.Equal("[DONE]", events[^1]);
        Assert.True(events.Count > 3, "a role chunk, content chunks, a finish chunk");
        foreach (var chunk in events[..^1]) SpecSchemas.AssertValid(SpecSchemas.ChatCompletionChunk, chunk);
        Assert.Equal(includeUsage, events[^2].Contains("\"usage\""));
    }

    [Fact]
    public async Task Model_listings_are_valid()
    {
        using var http = factory.CreateOpenAiHttpClient();

        SpecSchemas.AssertValid(SpecSchemas.ModelList, await (await http.GetAsync("/v1/models")).JsonAsync());
        SpecSchemas.AssertValid(SpecSchemas.Model, await (await http.GetAsync("/v1/models/o4-mini")).JsonAsync());
    }

    [Theory]
    [InlineData("http500", 500)]
    [InlineData("http503", 503)]
    [InlineData("http429", 429)]
    [InlineData("insufficient_quota", 429)]
    [InlineData("http401", 401)]
    [InlineData("http404_model", 404)]
    [InlineData("http400_param", 400)]
    public async Task Injected_errors_are_valid_ErrorResponses(string fault, int status)
    {
        await factory.ForceAsync(fault);
        using var http = factory.CreateOpenAiHttpClient();

        var response = await http.PostChatAsync(Wire.Request());

        Assert.Equal(status, (int)response.StatusCode);
        await response.ErrorAsync();
    }

    [Fact]
    public async Task Refusals_of_every_kind_are_valid_ErrorResponses()
    {
        using var anonymous = factory.CreateOpenAiHttpClient(apiKey: null);
        using var http = factory.CreateOpenAiHttpClient();
        using var sim = factory.CreateClient();
        (await sim.PutAsJsonAsync("/sim/limits", new { requestsPerMinute = 1 })).EnsureSuccessStatusCode();

        var responses = new[]
        {
            await anonymous.PostChatAsync(Wire.Request()),
            await http.PostChatAsync(Wire.Request(model: "nope")),
            await http.GetAsync("/v1/models/nope"),
            await http.GetAsync("/v1/embeddings"),
            await http.PostChatAsync(Wire.Request(extra: ",\"top_p\":7")),
            await http.PostChatAsync(Wire.Request()),
            await http.PostChatAsync(Wire.Request()),
        };

        Assert.Equal([401, 404, 404, 404, 400, 200, 429], responses.Select(r => (int)r.StatusCode));
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK)) await response.ErrorAsync();
    }
}
