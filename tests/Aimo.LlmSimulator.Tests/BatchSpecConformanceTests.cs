using System.Net.Http.Json;
using System.Text.Json;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// The Batch API's objects checked against OpenAI's published schemas (<c>Spec/README.md</c>): the File object and its
/// deletion, the Batch object in every status, a page of the list, and every kind of output and error line, whose bodies
/// are chat completions or error responses of the same spec.
/// </summary>
public sealed class BatchSpecConformanceTests : IAsyncLifetime
{
    private readonly BatchSimulator _sim = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Theory]
    [InlineData("""{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"done","created_at":1}""")]
    [InlineData("""{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed","created_at":null}""")]
    [InlineData("""{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed","created_at":1,"done_at":2}""")]
    public void The_batch_schema_check_can_fail(string invalidBatch)
    {
        // An unknown status, a null where the spec requires a value, an invented field.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SpecSchemas.AssertValid(SpecSchemas.Batch, invalidBatch));
    }

    [Fact]
    public async Task File_objects_and_deletions_are_valid()
    {
        var upload = await _sim.Http.PostAsync("/v1/files", new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(BatchInputs.Of(1))), "file", "requests.jsonl" },
        });
        var file = await upload.JsonAsync();
        var id = file.GetProperty("id").GetString()!;

        SpecSchemas.AssertValid(SpecSchemas.File, file);
        SpecSchemas.AssertValid(SpecSchemas.File, await (await _sim.Http.GetAsync($"/v1/files/{id}")).JsonAsync());
        SpecSchemas.AssertValid(SpecSchemas.DeletedFile, await (await _sim.Http.DeleteAsync($"/v1/files/{id}")).JsonAsync());
    }

    [Fact]
    public async Task The_batch_object_is_valid_in_every_status_and_so_are_its_output_and_error_lines()
    {
        await _sim.SetAsync(new { secondsPerState = BatchSimulator.SecondsPerState, lineErrorRate = 0.5 });
        await _sim.ForceAsync(new { outcome = "expired", answered = 1 });
        var expiring = await CreateAsync(BatchInputs.Of(3, "exp"));
        var completing = await CreateAsync(BatchInputs.Of(2, "ok"));
        var cancelled = await CreateAsync(BatchInputs.Of(2, "can"));
        await _sim.ForceAsync(new { outcome = "failed" });
        var failing = await CreateAsync(BatchInputs.Of(1, "fail"));
        var invalid = await CreateAsync(BatchInputs.Jsonl("{"));

        var seen = new List<JsonElement> { await _sim.GetAsync(completing) };
        _sim.AdvanceStates(1);
        seen.AddRange([await _sim.GetAsync(completing), await _sim.GetAsync(failing), await _sim.GetAsync(invalid), await _sim.CancelAsync(cancelled)]);
        _sim.AdvanceStates(1);
        seen.AddRange([await _sim.GetAsync(completing), await _sim.GetAsync(expiring), await _sim.GetAsync(cancelled)]);
        _sim.AdvanceStates(1);
        seen.Add(await _sim.GetAsync(completing));

        Assert.Equal(["cancelled", "cancelling", "completed", "expired", "failed", "finalizing", "in_progress", "validating"],
            seen.Select(b => b.GetProperty("status").GetString()).Distinct().Order());
        foreach (var batch in seen) SpecSchemas.AssertValid(SpecSchemas.Batch, batch);
        SpecSchemas.AssertValid(SpecSchemas.BatchList, await _sim.Http.GetFromJsonAsync<JsonElement>("/v1/batches?limit=3"));
        SpecSchemas.AssertValid(SpecSchemas.BatchList, await _sim.Http.GetFromJsonAsync<JsonElement>("/v1/batches?after=batch_unknown"));

        var files = seen.SelectMany(b => new[] { b.GetProperty("output_file_id"), b.GetProperty("error_file_id") })
            .Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).Distinct().ToList();
        var lines = new List<JsonElement>();
        foreach (var file in files) lines.AddRange(await _sim.DownloadLinesAsync(file));
        Assert.Contains(lines, l => l.GetProperty("error").ValueKind == JsonValueKind.Object);
        Assert.Contains(lines, l => l.GetProperty("response").ValueKind == JsonValueKind.Object && l.GetProperty("response").GetProperty("status_code").GetInt32() == 500);
        foreach (var line in lines)
        {
            SpecSchemas.AssertValid(SpecSchemas.BatchOutputLine, line);
            if (line.GetProperty("response") is { ValueKind: JsonValueKind.Object } response)
            {
                var ok = response.GetProperty("status_code").GetInt32() == 200;
                SpecSchemas.AssertValid(ok ? SpecSchemas.ChatCompletion : SpecSchemas.Error, response.GetProperty("body"));
            }
        }
    }

    [Fact]
    public async Task Refusals_of_the_batch_endpoints_are_valid_error_responses()
    {
        var refusals = new[]
        {
            await _sim.Http.GetAsync("/v1/batches/batch_nope"),
            await _sim.Http.GetAsync("/v1/files/file-nope/content"),
            await _sim.Http.GetAsync("/v1/batches?limit=101"),
            await _sim.Http.PostAsync("/v1/batches", JsonContent.Create(new { input_file_id = "f", endpoint = "/v1/chat/completions", completion_window = "24h", extra = 1 })),
        };

        Assert.Equal([404, 404, 400, 400], refusals.Select(r => (int)r.StatusCode));
        foreach (var refusal in refusals) SpecSchemas.AssertValid(SpecSchemas.Error, await refusal.JsonAsync());
    }

    private async Task<string> CreateAsync(string jsonl) => (await _sim.CreateAsync(await _sim.UploadAsync(jsonl))).GetProperty("id").GetString()!;
}
