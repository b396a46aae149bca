using System.Net.Http.Json;
using System.Text.Json;
using Aimo.LlmSimulator.Billing;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// A job's trip through <c>/v1/files</c> and <c>/v1/batches</c> with the OpenAI library: upload, create, the states
/// on the clock, the output file matched by custom_id, what a synchronous call would have answered, the batch bill.
/// </summary>
public sealed class BatchLifecycleTests : IAsyncLifetime
{
    private readonly BatchSimulator _sim = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_job_moves_through_its_states_on_the_clock_and_answers_every_line_as_a_synchronous_call_would()
    {
        var fileId = await _sim.UploadAsync(BatchInputs.Of(3));
        var created = await _sim.CreateAsync(fileId, metadata: new { job = "tier-c-1" });
        var id = created.GetProperty("id").GetString()!;

        var states = new List<string> { created.GetProperty("status").GetString()! };
        for (var i = 0; i < 3; i++)
        {
            _sim.AdvanceStates(1);
            states.Add((await _sim.GetAsync(id)).GetProperty("status").GetString()!);
        }
        var done = await _sim.GetAsync(id);

        Assert.Equal(["validating", "in_progress", "finalizing", "completed"], states);
        Assert.Equal("tier-c-1", done.GetProperty("metadata").GetProperty("job").GetString());
        Assert.Equal(fileId, done.GetProperty("input_file_id").GetString());
        Assert.Equal(SimulatorFactory.Model, done.GetProperty("model").GetString());
        Assert.Equal((3, 3, 0), Counts(done));
        var created_at = done.GetProperty("created_at").GetInt64();
        Assert.Equal([created_at + 10, created_at + 20, created_at + 30],
            new[] { "in_progress_at", "finalizing_at", "completed_at" }.Select(t => done.GetProperty(t).GetInt64()));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error_file_id").ValueKind);

        var lines = (await _sim.DownloadLinesAsync(done.GetProperty("output_file_id").GetString()!)).ToDictionary(l => l.GetProperty("custom_id").GetString()!);
        Assert.Equal(["req-1", "req-2", "req-3"], lines.Keys.Order());
        foreach (var (customId, line) in lines)
        {
            var response = line.GetProperty("response");
            Assert.Equal(200, response.GetProperty("status_code").GetInt32());
            var synchronous = await (await _sim.Http.PostChatAsync(BatchInputs.Body(customId))).JsonAsync();
            Assert.Equal(Content(synchronous), Content(response.GetProperty("body")));
            Assert.Contains($"\"{customId}\"", Content(response.GetProperty("body")));
            Assert.Equal(Tokens(synchronous), Tokens(response.GetProperty("body")));
        }
    }

    [Fact]
    public async Task Batch_lines_are_billed_apart_at_the_batch_price_and_the_job_usage_sums_them()
    {
        var fileId = await _sim.UploadAsync(BatchInputs.Of(4));
        var id = (await _sim.CreateAsync(fileId)).GetProperty("id").GetString()!;
        _sim.AdvanceStates(3);
        var done = await _sim.GetAsync(id);

        var lines = await _sim.DownloadLinesAsync(done.GetProperty("output_file_id").GetString()!);
        var usages = lines.Select(l => l.GetProperty("response").GetProperty("body").GetProperty("usage")).ToList();
        long prompt = usages.Sum(u => u.GetProperty("prompt_tokens").GetInt64()), completion = usages.Sum(u => u.GetProperty("completion_tokens").GetInt64());
        long cached = usages.Sum(u => u.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64());
        var usage = done.GetProperty("usage");
        Assert.Equal((prompt, completion, prompt + completion), (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64()));
        Assert.Equal(cached, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());

        var stats = await _sim.StatsAsync();
        var batch = stats.GetProperty("batchBilled");
        Assert.Equal(4, batch.GetProperty("requests").GetInt64());
        Assert.Equal((prompt, completion), (batch.GetProperty("promptTokens").GetInt64(), batch.GetProperty("completionTokens").GetInt64()));
        var expected = usages.Sum(u => Bill.BatchPrice(SimulatorFactory.Model, u.GetProperty("prompt_tokens").GetInt64(),
            u.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64(), u.GetProperty("completion_tokens").GetInt64()));
        Assert.Equal(expected, batch.GetProperty("usd").GetDecimal());
        Assert.Equal(Bill.Price(SimulatorFactory.Model, prompt, cached, completion) / 2, expected);
        Assert.Equal(0, stats.GetProperty("billed").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task A_cancelled_job_keeps_the_lines_it_answered_and_reports_the_rest_as_batch_cancelled()
    {
        var fileId = await _sim.UploadAsync(BatchInputs.Of(4));
        var id = (await _sim.CreateAsync(fileId)).GetProperty("id").GetString()!;
        _sim.AdvanceStates(1.5); // halfway through in_progress: half the lines answered

        var cancelling = await _sim.CancelAsync(id);
        _sim.AdvanceStates(1);
        var cancelled = await _sim.GetAsync(id);

        Assert.Equal("cancelling", cancelling.GetProperty("status").GetString());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(cancelling.GetProperty("cancelling_at").GetInt64() + BatchSimulator.SecondsPerState, cancelled.GetProperty("cancelled_at").GetInt64());
        Assert.Equal((4, 2, 2), Counts(cancelled));
        var output = await _sim.DownloadLinesAsync(cancelled.GetProperty("output_file_id").GetString()!);
        var errors = await _sim.DownloadLinesAsync(cancelled.GetProperty("error_file_id").GetString()!);
        Assert.Equal(["req-1", "req-2"], output.Select(l => l.GetProperty("custom_id").GetString()).Order());
        Assert.Equal(["req-3", "req-4"], errors.Select(l => l.GetProperty("custom_id").GetString()).Order());
        Assert.All(errors, l => Assert.Equal("batch_cancelled", l.GetProperty("error").GetProperty("code").GetString()));

        var again = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => _sim.CancelAsync(id));
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_after_and_limit_and_the_library_walks_every_page()
    {
        var fileId = await _sim.UploadAsync(BatchInputs.Of(1));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await _sim.CreateAsync(fileId)).GetProperty("id").GetString()!);
        ids.Reverse();

        var first = await _sim.Http.GetFromJsonAsync<JsonElement>("/v1/batches?limit=2");
        var second = await _sim.Http.GetFromJsonAsync<JsonElement>($"/v1/batches?limit=2&after={first.GetProperty("last_id").GetString()}");
        var last = await _sim.Http.GetFromJsonAsync<JsonElement>($"/v1/batches?limit=2&after={second.GetProperty("last_id").GetString()}");
        var walked = new List<string>();
        await foreach (var page in _sim.Batches.GetBatchesAsync(after: null, limit: 2, options: null).GetRawPagesAsync())
        {
            walked.AddRange(BatchSimulator.Json(page.GetRawResponse().Content).GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()!));
        }

        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal(ids[2..4], Ids(second));
        Assert.Equal(ids[4..], Ids(last));
        Assert.Equal([true, true, false], new[] { first, second, last }.Select(p => p.GetProperty("has_more").GetBoolean()));
        Assert.Equal(ids, walked);
    }

    private static IEnumerable<string> Ids(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()!);

    internal static (int Total, int Completed, int Failed) Counts(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        return (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32());
    }

    private static string Content(JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    private static (int, int) Tokens(JsonElement completion) =>
        (completion.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
}
