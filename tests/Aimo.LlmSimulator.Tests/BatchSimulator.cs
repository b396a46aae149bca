#pragma warning disable OPENAI001 // BatchClient is marked experimental in the OpenAI library; it is what the worker will use.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// The simulator on a fake clock (each batch state lasts <see cref="SecondsPerState"/>), with the OpenAI library's
/// own <see cref="OpenAIFileClient"/> and <see cref="BatchClient"/>: jobs move only when a test advances the clock.
/// </summary>
public sealed class BatchSimulator : IAsyncDisposable
{
    public const int SecondsPerState = 10;

    private readonly WebApplicationFactory<Program> _factory;

    public BatchSimulator()
    {
        _factory = new SimulatorFactory().WithWebHostBuilder(b => b
            .UseSetting("Simulator:Batch:SecondsPerState", SecondsPerState.ToString())
            .ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(_factory.Server.BaseAddress, "v1"),
            Transport = new HttpClientPipelineTransport(_factory.CreateDefaultClient()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var client = new OpenAIClient(new ApiKeyCredential(SimulatorFactory.ApiKey), options);
        Files = client.GetOpenAIFileClient();
        Batches = client.GetBatchClient();
        Http = new SimulatorFactory.ClientFor(_factory).Http();
        Sim = _factory.CreateClient();
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public OpenAIFileClient Files { get; }
    public BatchClient Batches { get; }

    /// <summary>Plain <c>/v1</c> calls with the key, for what the library would not send.</summary>
    public HttpClient Http { get; }

    /// <summary>The <c>/sim</c> control API.</summary>
    public HttpClient Sim { get; }

    public void AdvanceStates(double states) => Clock.Advance(TimeSpan.FromSeconds(SecondsPerState * states));

    public async Task<string> UploadAsync(string jsonl, string filename = "requests.jsonl") =>
        (await Files.UploadFileAsync(BinaryData.FromString(jsonl), filename, FileUploadPurpose.Batch)).Value.Id;

    /// <summary>Creates a job through the library's protocol method, as the worker will, and returns the Batch object.</summary>
    public async Task<JsonElement> CreateAsync(string inputFileId, string endpoint = "/v1/chat/completions", string window = "24h", object? metadata = null)
    {
        var body = BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = inputFileId, endpoint, completion_window = window, metadata }));
        var operation = await Batches.CreateBatchAsync(body, waitUntilCompleted: false);
        return Json(operation.GetRawResponse().Content);
    }

    public async Task<JsonElement> GetAsync(string batchId) => Json((await Batches.GetBatchAsync(batchId, null)).GetRawResponse().Content);

    public async Task<JsonElement> CancelAsync(string batchId)
    {
        var operation = await CreateBatchOperation.RehydrateAsync(Batches, batchId);
        return Json((await operation.CancelAsync(null)).GetRawResponse().Content);
    }

    /// <summary>The lines of an output or error file, downloaded with the library.</summary>
    public async Task<List<JsonElement>> DownloadLinesAsync(string fileId) =>
        [.. (await Files.DownloadFileAsync(fileId)).Value.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Json(BinaryData.FromString(l)))];

    public async Task ForceAsync(object fault) => (await Sim.PostAsJsonAsync("/sim/batches/next", new { faults = new[] { fault } })).EnsureSuccessStatusCode();

    public async Task SetAsync(object settings) => (await Sim.PutAsJsonAsync("/sim/batches", settings)).EnsureSuccessStatusCode();

    public async Task<JsonElement> StatsAsync() => await Sim.GetFromJsonAsync<JsonElement>("/sim/stats");

    public static JsonElement Json(BinaryData data) => JsonDocument.Parse(data.ToString()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Sim.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>Batch input files: one chat request per line, each a classification prompt for one signature.</summary>
public static class BatchInputs
{
    public static string Line(string customId, string? body = null) =>
        $$"""{"custom_id":"{{customId}}","method":"POST","url":"/v1/chat/completions","body":{{body ?? Body(customId)}}}""";

    /// <summary>A valid chat request classifying one signature named after <paramref name="customId"/>.</summary>
    public static string Body(string customId, string model = SimulatorFactory.Model) => JsonSerializer.Serialize(new
    {
        model,
        messages = new object[]
        {
            new { role = "system", content = Aimo.Core.Prompting.ClassificationPrompt.SystemPrompt },
            new { role = "user", content = Prompts.UserMessage((customId, $"{customId}.example.com", "/")) },
        },
    });

    public static string Jsonl(params string[] lines) => new StringBuilder().AppendJoin('\n', lines).Append('\n').ToString();

    public static string Of(int count, string prefix = "req") => Jsonl([.. Enumerable.Range(1, count).Select(i => Line($"{prefix}-{i}"))]);
}
