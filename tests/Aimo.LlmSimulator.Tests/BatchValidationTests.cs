using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.Files;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// What the real API refuses, refused the same way: an upload or a create request at once, with OpenAI's error object;
/// a bad input file by failing the job with one error per line; a bad request body by that line's 4xx in the error file.
/// </summary>
public sealed class BatchValidationTests : IAsyncLifetime
{
    private readonly BatchSimulator _sim = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_batch_upload_must_be_a_jsonl_file_with_a_known_purpose()
    {
        var notJsonl = await Assert.ThrowsAsync<ClientResultException>(() =>
            _sim.Files.UploadFileAsync(BinaryData.FromString(BatchInputs.Of(1)), "requests.json", FileUploadPurpose.Batch));
        var noPurpose = await _sim.Http.PostAsync("/v1/files", Form(("file", "requests.jsonl")));
        var badPurpose = await _sim.Http.PostAsync("/v1/files", Form(("file", "requests.jsonl"), ("purpose", "batches")));

        Assert.Equal((400, "Invalid file format for Batch API. Must be .jsonl"), (notJsonl.Status, ErrorOf(notJsonl).Message));
        Assert.Equal((HttpStatusCode.BadRequest, "purpose", "missing_required_parameter"), (noPurpose.StatusCode, (await noPurpose.ErrorAsync()).Param, (await noPurpose.ErrorAsync()).Code));
        Assert.Equal("invalid_value", (await badPurpose.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData("/v1/chat/completion", "24h", "endpoint", "invalid_value")]
    [InlineData("/v1/embeddings", "24h", "endpoint", "invalid_value")]
    [InlineData("/v1/chat/completions", "1h", "completion_window", "invalid_value")]
    public async Task A_job_for_another_endpoint_or_window_is_refused_at_once(string endpoint, string window, string param, string code)
    {
        var fileId = await _sim.UploadAsync(BatchInputs.Of(1));

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => _sim.CreateAsync(fileId, endpoint, window));

        Assert.Equal(400, refused.Status);
        Assert.Equal((param, code), (ErrorOf(refused).Param, ErrorOf(refused).Code));
    }

    [Fact]
    public async Task A_job_needs_an_existing_batch_file()
    {
        var other = (await _sim.Files.UploadFileAsync(BinaryData.FromString("{}"), "notes.txt", FileUploadPurpose.Assistants)).Value.Id;

        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => _sim.CreateAsync("file-nope"));
        var wrongPurpose = await Assert.ThrowsAsync<ClientResultException>(() => _sim.CreateAsync(other));
        var missing = await _sim.Http.PostAsync("/v1/batches", new StringContent("""{"endpoint":"/v1/chat/completions","completion_window":"24h"}""", Encoding.UTF8, "application/json"));

        Assert.Equal((404, "No such File object: file-nope", "input_file_id"), (unknown.Status, ErrorOf(unknown).Message, ErrorOf(unknown).Param));
        Assert.Equal((400, "input_file_id"), (wrongPurpose.Status, ErrorOf(wrongPurpose).Param));
        Assert.Equal(("input_file_id", "missing_required_parameter"), ((await missing.ErrorAsync()).Param, (await missing.ErrorAsync()).Code));
    }

    [Fact]
    public async Task Bad_lines_fail_the_job_with_one_error_per_line()
    {
        var jsonl = BatchInputs.Jsonl(
            BatchInputs.Line("a"),
            "{not json",
            BatchInputs.Line("a"),
            BatchInputs.Line("b").Replace("/v1/chat/completions", "/v1/embeddings"),
            BatchInputs.Line("c").Replace("\"POST\"", "\"GET\""),
            """{"method":"POST","url":"/v1/chat/completions","body":{}}""",
            BatchInputs.Line("d", BatchInputs.Body("d", model: "gpt-4o-mini")));
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(jsonl))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(1);

        var failed = await _sim.GetAsync(id);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var errors = failed.GetProperty("errors").GetProperty("data").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("code").GetString(), e.GetProperty("param").GetString())).ToList();
        Assert.Equal([
            (2, "invalid_json_line", null), (3, "duplicate_custom_id", "custom_id"), (4, "url_mismatch", "url"),
            (5, "invalid_value", "method"), (6, "missing_required_parameter", "custom_id"), (7, "model_mismatch", "body.model")], errors);
    }

    [Theory]
    [InlineData(0, "empty_file")]
    [InlineData(50_001, "too_many_tasks")]
    public async Task An_empty_or_oversized_file_fails_the_job(int lines, string code)
    {
        var jsonl = string.Concat(Enumerable.Range(0, lines).Select(i => $"{{\"custom_id\":\"{i}\"}}\n"));
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(jsonl))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(1);

        var failed = await _sim.GetAsync(id);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(code, Assert.Single(failed.GetProperty("errors").GetProperty("data").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_line_the_chat_endpoint_would_refuse_gets_that_same_refusal_in_the_error_file()
    {
        var refusedBody = BatchInputs.Body("b").TrimEnd('}') + ",\"temperature\":3}";
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(BatchInputs.Jsonl(BatchInputs.Line("a"), BatchInputs.Line("b", refusedBody))))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(3);

        var done = await _sim.GetAsync(id);
        var synchronous = await _sim.Http.PostChatAsync(refusedBody);

        Assert.Equal(("completed", 2, 1, 1), (done.GetProperty("status").GetString(), BatchLifecycleTests.Counts(done).Total, BatchLifecycleTests.Counts(done).Completed, BatchLifecycleTests.Counts(done).Failed));
        var line = Assert.Single(await _sim.DownloadLinesAsync(done.GetProperty("error_file_id").GetString()!)).GetProperty("response");
        Assert.Equal((int)synchronous.StatusCode, line.GetProperty("status_code").GetInt32());
        Assert.Equal(await synchronous.ErrorAsync(), Wire.ErrorOfBody(line.GetProperty("body").GetRawText()));
    }

    [Fact]
    public async Task Files_can_be_read_back_and_deleted_and_unknown_ids_are_404s()
    {
        var fileId = await _sim.UploadAsync(BatchInputs.Of(2));

        var file = (await _sim.Files.GetFileAsync(fileId)).Value;
        var content = (await _sim.Files.DownloadFileAsync(fileId)).Value.ToString();
        var deleted = (await _sim.Files.DeleteFileAsync(fileId)).Value;
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => _sim.Files.GetFileAsync(fileId));
        var noBatch = await Assert.ThrowsAsync<ClientResultException>(() => _sim.GetAsync("batch_nope"));

        Assert.Equal(("requests.jsonl", FilePurpose.Batch, BatchInputs.Of(2).Length), (file.Filename, file.Purpose, file.SizeInBytes ?? 0));
        Assert.Equal(BatchInputs.Of(2), content);
        Assert.True(deleted.Deleted);
        Assert.Equal((404, "id"), (gone.Status, ErrorOf(gone).Param));
        Assert.Equal(404, noBatch.Status);
    }

    [Theory]
    [InlineData("/v1/files/file-x")]
    [InlineData("/v1/batches")]
    public async Task The_file_and_batch_endpoints_need_the_api_key(string path)
    {
        // The control client sends no key.
        var response = await _sim.Sim.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static OpenAiErrorView ErrorOf(ClientResultException refused) => Wire.ErrorOfBody(refused.GetRawResponse()!.Content.ToString());

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            if (name != "file")
            {
                form.Add(new StringContent(value), name);
                continue;
            }
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(BatchInputs.Of(1)));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", value);
        }
        return form;
    }
}
