using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// <c>/sim/batches</c>: the next job expires (with partial output) or fails, a share of lines fails, and the chat fault
/// profile reaches batch lines as it reaches synchronous calls; <c>/sim/reset</c> forgets jobs and files.
/// </summary>
public sealed class BatchFaultTests : IAsyncLifetime
{
    private readonly BatchSimulator _sim = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task An_expired_job_returns_the_lines_it_answered_and_lists_the_rest_as_batch_expired()
    {
        await _sim.ForceAsync(new { outcome = "expired", answered = 1 });
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(BatchInputs.Of(3)))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(5);

        var expired = await _sim.GetAsync(id);

        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal(expired.GetProperty("in_progress_at").GetInt64() + BatchSimulator.SecondsPerState, expired.GetProperty("expired_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("completed_at").ValueKind);
        Assert.Equal((3, 1, 2), BatchLifecycleTests.Counts(expired));
        var output = await _sim.DownloadLinesAsync(expired.GetProperty("output_file_id").GetString()!);
        var errors = await _sim.DownloadLinesAsync(expired.GetProperty("error_file_id").GetString()!);
        Assert.Equal("req-1", Assert.Single(output).GetProperty("custom_id").GetString());
        Assert.Equal(["req-2", "req-3"], errors.Select(l => l.GetProperty("custom_id").GetString()).Order());
        Assert.All(errors, l =>
        {
            Assert.Equal(JsonValueKind.Null, l.GetProperty("response").ValueKind);
            Assert.Equal("batch_expired", l.GetProperty("error").GetProperty("code").GetString());
        });
    }

    [Fact]
    public async Task A_failed_job_says_why_in_errors_and_answers_nothing()
    {
        await _sim.ForceAsync(new { outcome = "failed" });
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(BatchInputs.Of(2)))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(1);

        var failed = await _sim.GetAsync(id);
        var billedAfterFailure = (await _sim.StatsAsync()).GetProperty("batchBilled").GetProperty("requests").GetInt64();
        var next = await _sim.CreateAsync(await _sim.UploadAsync(BatchInputs.Of(1)));
        _sim.AdvanceStates(3);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(failed.GetProperty("created_at").GetInt64() + BatchSimulator.SecondsPerState, failed.GetProperty("failed_at").GetInt64());
        var error = Assert.Single(failed.GetProperty("errors").GetProperty("data").EnumerateArray());
        Assert.Equal("token_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal((0, 0, 0), BatchLifecycleTests.Counts(failed));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("output_file_id").ValueKind);
        Assert.Equal(0, billedAfterFailure);
        // The fault was for one job: the next one completes.
        Assert.Equal("completed", (await _sim.GetAsync(next.GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_line_error_rate_answers_that_share_of_lines_with_a_500_in_the_error_file()
    {
        await _sim.SetAsync(new { secondsPerState = BatchSimulator.SecondsPerState, lineErrorRate = 0.5 });
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(BatchInputs.Of(4)))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(3);

        var done = await _sim.GetAsync(id);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal((4, 2, 2), BatchLifecycleTests.Counts(done));
        var errors = await _sim.DownloadLinesAsync(done.GetProperty("error_file_id").GetString()!);
        Assert.Equal(["req-2", "req-4"], errors.Select(l => l.GetProperty("custom_id").GetString()).Order());
        Assert.All(errors, l =>
        {
            Assert.Equal(500, l.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("server_error", Wire.ErrorOfBody(l.GetProperty("response").GetProperty("body").GetRawText()).Type);
        });
        Assert.Equal(2, (await _sim.StatsAsync()).GetProperty("batchBilled").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task A_forced_chat_fault_reaches_the_batch_line_it_matches()
    {
        (await _sim.Sim.PostAsJsonAsync("/sim/faults/next", new { fault = "http500", match = "req-2.example.com" })).EnsureSuccessStatusCode();
        (await _sim.Sim.PostAsJsonAsync("/sim/faults/next", new { fault = "invalid_json", match = "req-3.example.com" })).EnsureSuccessStatusCode();
        var id = (await _sim.CreateAsync(await _sim.UploadAsync(BatchInputs.Of(3)))).GetProperty("id").GetString()!;
        _sim.AdvanceStates(3);

        var done = await _sim.GetAsync(id);

        var output = (await _sim.DownloadLinesAsync(done.GetProperty("output_file_id").GetString()!)).ToDictionary(l => l.GetProperty("custom_id").GetString()!);
        var error = Assert.Single(await _sim.DownloadLinesAsync(done.GetProperty("error_file_id").GetString()!));
        Assert.Equal("req-2", error.GetProperty("custom_id").GetString());
        Assert.Equal(500, error.GetProperty("response").GetProperty("status_code").GetInt32());
        var malformed = output["req-3"].GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(malformed));
    }

    [Fact]
    public async Task Reset_forgets_jobs_files_and_settings()
    {
        await _sim.SetAsync(new { secondsPerState = 1, lineErrorRate = 1 });
        var fileId = await _sim.UploadAsync(BatchInputs.Of(1));
        var id = (await _sim.CreateAsync(fileId)).GetProperty("id").GetString()!;

        (await _sim.Sim.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await _sim.Http.GetAsync($"/v1/batches/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _sim.Http.GetAsync($"/v1/files/{fileId}")).StatusCode);
        var settings = (await _sim.Sim.GetFromJsonAsync<JsonElement>("/sim/batches")).GetProperty("settings");
        Assert.Equal((BatchSimulator.SecondsPerState, 0.0), (settings.GetProperty("secondsPerState").GetDouble(), settings.GetProperty("lineErrorRate").GetDouble()));
    }

    [Fact]
    public async Task Bad_settings_and_faults_are_refused_with_problem_details()
    {
        var rate = await _sim.Sim.PutAsJsonAsync("/sim/batches", new { secondsPerState = 0, lineErrorRate = 2 });
        var fault = await _sim.Sim.PostAsJsonAsync("/sim/batches/next", new { faults = new[] { new { outcome = "expired", answered = -1 } } });

        Assert.Equal(HttpStatusCode.BadRequest, rate.StatusCode);
        Assert.Equal(["LineErrorRate", "SecondsPerState"], (await rate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, fault.StatusCode);
    }
}
