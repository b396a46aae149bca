using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Tier C through llm-sim's Batch API (jobs take ~3 s: 1 s per state): classified end to end at the batch price, and
/// nothing lost when a job expires, fails, has lines in error, or its worker is killed while it is in flight.
/// </summary>
public sealed class WorkerBatchApiStackTests(WorkerBatchApiStackTests.BatchApiStack fixture)
    : IClassFixture<WorkerBatchApiStackTests.BatchApiStack>, IAsyncLifetime
{
    private static readonly TimeSpan JobWait = TimeSpan.FromSeconds(90);

    /// <summary>The smallest file limit the worker takes (1 MiB): a few dozen long lines pass it, where the real 200 MB needs 20,000.</summary>
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>One stack for the class (its tests run one after the other); each test starts from a reset simulator.</summary>
    public sealed class BatchApiStack() : DedicatedStackTests(
        "--Services:worker:Aimo:Worker:BatchApi:Enabled=true",
        "--Services:worker:Aimo:Worker:BatchApi:Linger=00:00:01",
        "--Services:worker:Aimo:Worker:BatchApi:PollInterval=00:00:00.500",
        "--Services:worker:Aimo:Worker:BatchApi:StaleAfter=00:00:10",
        $"--Services:worker:Aimo:Worker:BatchApi:MaxFileBytes={MaxFileBytes}",
        $"--Services:worker:Aimo:Worker:HeartbeatTimeout={StackFixture.HeartbeatTimeout}",
        "--Services:llm-sim:Simulator:Batch:SecondsPerState=1")
    {
        public AimoStack StackOf => Stack;
        public WorkerHarness Harness => H;
    }

    private WorkerHarness H => fixture.Harness;
    private AimoStack Stack => fixture.StackOf;

    public async Task InitializeAsync()
    {
        await H.ResetSimAsync();
        (await H.Sim.PutAsJsonAsync("/sim/batches", new { secondsPerState = 1 })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record JobRow(string State, string? ProviderStatus, int Lines, int LinesSucceeded, int LinesFailed, decimal? CostUsdActual);

    [Fact]
    public async Task Tier_C_is_classified_through_a_batch_job_at_the_batch_price()
    {
        var ids = await H.EnqueueAsync(Tier.C, 6);
        await H.WaitForStatusAsync(ids, "classified", JobWait);
        await H.AssertClassifiedExactlyOnceAsync(ids);

        var job = await EndedJobAsync(ids);
        Assert.Equal("completed", job.State);
        Assert.Equal(job.Lines, job.LinesSucceeded);
        var stats = await SimStatsAsync();
        // Every answer came from the job: no synchronous chat call was billed.
        Assert.Equal(0, stats.GetProperty("billed").GetProperty("requests").GetInt64());
        Assert.Equal(job.Lines, stats.GetProperty("batchBilled").GetProperty("requests").GetInt64());
        // Settled at the batch price: what the provider billed for the job (micro-dollars rounded up per line).
        var billed = stats.GetProperty("batchBilled").GetProperty("usd").GetDecimal();
        Assert.InRange(job.CostUsdActual!.Value, billed, billed + (0.000001m * job.Lines));
        // Each batch record carries its line's cost: together, the job's, all of it paid through the Batch API.
        var carried = $"id IN (SELECT batch_id FROM batch_items WHERE signature_id IN ('{string.Join("','", ids)}'))";
        Assert.Equal(job.CostUsdActual.Value, await H.DecimalAsync($"SELECT COALESCE(sum(cost_usd_actual), 0) FROM batches WHERE {carried}"));
        Assert.Equal(job.CostUsdActual.Value, await H.DecimalAsync($"SELECT COALESCE(sum(batch_api_cost_usd), 0) FROM batches WHERE {carried}"));
        Assert.Equal(0m, await H.DecimalAsync($"SELECT count(*) FROM batches WHERE {carried} AND batch_job_id IS NULL"));
        await Wait.UntilAsync(async () => await H.EntriesInStreamAsync(Tier.C, ids) == 0, TimeSpan.FromSeconds(30), "the entries to be acknowledged");

        // Operators see it: GET /api/batch-jobs.
        using var api = Stack.App.CreateHttpClient(ResourceNames.Ingest);
        api.DefaultRequestHeaders.Add("X-Api-Key", AimoStack.OperatorApiKey);
        var listed = JsonDocument.Parse(await api.GetStringAsync("/api/batch-jobs?limit=5")).RootElement;
        var newest = listed.EnumerateArray().First();
        Assert.Equal(("completed", "completed", job.Lines), (newest.GetProperty("state").GetString(), newest.GetProperty("providerStatus").GetString(),
            newest.GetProperty("lines").GetInt32()));
        Assert.Equal(job.CostUsdActual, newest.GetProperty("costUsdActual").GetDecimal());
        // And today's spend split by path: the job's cost on the Batch API side.
        var byPath = JsonDocument.Parse(await api.GetStringAsync("/api/budget")).RootElement.GetProperty("spentByPathUsd");
        Assert.True(byPath.GetProperty("batchApiUsd").GetDecimal() >= job.CostUsdActual.Value, byPath.ToString());
    }

    [Fact]
    public async Task A_job_file_never_passes_the_size_limit_the_next_job_takes_the_rest()
    {
        // 240 signatures of ~3,000 characters: 120 lines of ~10 KB, about 1.2 MB in one file.
        var ids = await H.EnqueueAsync(Tier.C, 240, sampleChars: 3000);
        await H.WaitForStatusAsync(ids, "classified", TimeSpan.FromSeconds(180));
        await H.AssertClassifiedExactlyOnceAsync(ids);

        var files = new List<(string File, long Bytes)>();
        await using (var command = H.Db.CreateCommand($"SELECT input_file_id FROM batch_jobs j WHERE input_file_id IS NOT NULL AND {CarriesAny}"))
        {
            command.Parameters.AddWithValue(ids);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                files.Add((reader.GetString(0), 0));
            }
        }
        for (var i = 0; i < files.Count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/files/{files[i].File}");
            request.Headers.Authorization = new("Bearer", "simulator");
            using var response = await H.Sim.SendAsync(request);
            response.EnsureSuccessStatusCode();
            files[i] = (files[i].File, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("bytes").GetInt64());
        }
        Assert.True(files.Sum(f => f.Bytes) > MaxFileBytes, $"the workload fits one file: {files.Sum(f => f.Bytes)} bytes");
        Assert.All(files, f => Assert.InRange(f.Bytes, 1, MaxFileBytes));
    }

    [Fact]
    public async Task Jobs_and_held_entries_a_dead_replica_left_behind_are_taken_over_once()
    {
        var started = DateTimeOffset.UtcNow;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await Stack.KillAsync(ResourceNames.Worker, cts.Token);
        }
        string[] ids;
        Guid planned, submitting;
        try
        {
            // While no worker runs: six entries held by the jobs' consumer, as a replica that died mid-way leaves them.
            // (On a fresh stack the worker may have died before it made its consumer group: made here as it would.)
            var queue = new SignatureQueue(H.Redis);
            await queue.EnsureGroupsAsync(CancellationToken.None);
            ids = await H.EnqueueAsync(Tier.C, 6);
            var held = (await queue.ReadAsync(QueueKeys.BatchJobsConsumer, Tier.C, 100))
                .Where(e => ids.Contains(e.SignatureId)).OrderBy(e => e.SignatureId, StringComparer.Ordinal).ToList();
            Assert.Equal(6, held.Count);
            // Two in a job row still 'planned', two in one left 'submitting' before the provider heard of it, two in none.
            var stale = DateTimeOffset.UtcNow.AddHours(-1);
            planned = await InsertJobRowAsync("planned", held[..2], stale);
            submitting = await InsertJobRowAsync("submitting", held[2..4], stale);
        }
        finally
        {
            // The class's other tests need their worker, whatever happened above.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Stack.StartAgainAsync(ResourceNames.Worker, cts.Token);
        }
        await H.WaitForStatusAsync(ids, "classified", JobWait);
        await H.AssertClassifiedExactlyOnceAsync(ids);

        // Each stale row was submitted once and came home; the orphans went back to work (a job of their own or synchronously).
        foreach (var row in new[] { planned, submitting })
        {
            var job = await Wait.ForAsync(() => JobRowAsync(row), j => j.State is "completed" or "returned", TimeSpan.FromSeconds(30), j => j.State);
            Assert.Equal(("completed", 1), (job.State, job.LinesSucceeded));
        }
        // Nothing submitted twice: every job the provider got since the reset is one row of this test's, and each row one job.
        await using var command = H.Db.CreateCommand("""
            SELECT count(*), count(DISTINCT provider_job_id) FROM batch_jobs
            WHERE provider_job_id IS NOT NULL AND (id = ANY($1) OR created_at >= $2)
            """);
        command.Parameters.AddWithValue(new[] { planned, submitting });
        command.Parameters.AddWithValue(started);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            var (rows, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
            Assert.Equal((rows, rows), (distinct, (long)await ProviderJobCountAsync()));
            Assert.True(rows >= 2, $"{rows} job rows submitted");
        }
        await Wait.UntilAsync(async () => await H.EntriesInStreamAsync(Tier.C, ids) == 0, TimeSpan.FromSeconds(30), "the entries to be acknowledged");
    }

    /// <summary>A job row as a replica writes it before it submits, carrying <paramref name="entries"/> in one line, last touched at <paramref name="updatedAt"/>.</summary>
    private async Task<Guid> InsertJobRowAsync(string state, IReadOnlyList<QueueEntry> entries, DateTimeOffset updatedAt)
    {
        var id = Guid.CreateVersion7();
        var carries = JsonSerializer.Serialize(new[]
        {
            new { CustomId = $"b-{id:N}", Entries = entries.Select(e => new { e.EntryId, e.SignatureId, e.Version }), Quarantined = false },
        });
        await H.Db.ExecAsync("""
            INSERT INTO batch_jobs (id, job_key, model, state, lines, signatures, carries, cost_usd_estimated, lines_succeeded, lines_failed, created_at, updated_at)
            VALUES ($1, $2, 'gpt-4o-mini', $3, 1, $4, $5::jsonb, 0, 0, 0, $6, $6)
            """, id, $"j-{id:N}", state, entries.Count, carries, updatedAt);
        return id;
    }

    private async Task<JobRow> JobRowAsync(Guid id) => (await JobRowsAsync("id = $1", id)).Single();

    [Fact]
    public async Task An_expired_job_uses_its_answered_lines_and_gives_the_rest_back_to_the_synchronous_path()
    {
        await ForceJobAsync(new { outcome = "expired", answered = 1 });
        // Long samples: two signatures per planned batch, so the job has several lines.
        var ids = await H.EnqueueAsync(Tier.C, 6, sampleChars: 3000);
        await H.WaitForStatusAsync(ids, "classified", JobWait);
        await H.AssertClassifiedExactlyOnceAsync(ids);

        var job = await EndedJobAsync(ids);
        Assert.Equal(("returned", "expired", 1), (job.State, job.ProviderStatus, job.LinesSucceeded));
        Assert.Equal(job.Lines - 1, job.LinesFailed);
        var stats = await SimStatsAsync();
        Assert.Equal(1, stats.GetProperty("batchBilled").GetProperty("requests").GetInt64());
        Assert.True(stats.GetProperty("billed").GetProperty("requests").GetInt64() >= job.Lines - 1);
    }

    [Fact]
    public async Task A_failed_job_gives_every_signature_back_to_the_synchronous_path()
    {
        await ForceJobAsync(new { outcome = "failed" });
        var ids = await H.EnqueueAsync(Tier.C, 4);
        await H.WaitForStatusAsync(ids, "classified", JobWait);
        await H.AssertClassifiedExactlyOnceAsync(ids);

        var job = await EndedJobAsync(ids);
        Assert.Equal(("returned", "failed", 0m), (job.State, job.ProviderStatus, job.CostUsdActual));
        Assert.Equal(0, (await SimStatsAsync()).GetProperty("batchBilled").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Lines_in_error_go_back_to_the_synchronous_path()
    {
        (await H.Sim.PutAsJsonAsync("/sim/batches", new { secondsPerState = 1, lineErrorRate = 0.5 })).EnsureSuccessStatusCode();
        var ids = await H.EnqueueAsync(Tier.C, 8, sampleChars: 3000);
        await H.WaitForStatusAsync(ids, "classified", JobWait);
        await H.AssertClassifiedExactlyOnceAsync(ids);

        var job = await EndedJobAsync(ids);
        Assert.Equal("completed", job.State);
        Assert.True(job.LinesFailed > 0 && job.LinesSucceeded > 0, $"{job.LinesSucceeded} answered, {job.LinesFailed} in error");
        Assert.True((await SimStatsAsync()).GetProperty("billed").GetProperty("requests").GetInt64() >= job.LinesFailed);
    }

    [Fact]
    public async Task A_worker_killed_while_its_job_is_in_flight_loses_nothing_and_submits_nothing_twice()
    {
        (await H.Sim.PutAsJsonAsync("/sim/batches", new { secondsPerState = 4 })).EnsureSuccessStatusCode();
        var ids = await H.EnqueueAsync(Tier.C, 5);
        await Wait.UntilAsync(async () => (await JobsAsync(ids)).Any(j => j.State == "submitted"), JobWait, "the job to be submitted");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await Stack.KillAsync(ResourceNames.Worker, cts.Token);
        }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await Stack.StartAgainAsync(ResourceNames.Worker, cts.Token);
        }

        await H.WaitForStatusAsync(ids, "classified", JobWait);
        await H.AssertClassifiedExactlyOnceAsync(ids);
        var job = await EndedJobAsync(ids);
        Assert.Equal("completed", job.State);
        var stats = await SimStatsAsync();
        // The restarted worker polled the job it found in PostgreSQL: one job at the provider, no synchronous call.
        Assert.Equal(1, await ProviderJobCountAsync());
        Assert.Equal(0, stats.GetProperty("billed").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Near_the_soft_limit_no_job_is_submitted_C_is_deferred_and_A_does_not_wait()
    {
        var original = await H.ReadBudgetAsync();
        try
        {
            await H.SetBudgetAsync(0.0001m, 0.5m);
            var c = await H.EnqueueAsync(Tier.C, 3);
            var a = await H.EnqueueAsync(Tier.A, 2);
            await H.WaitForStatusAsync(a, "classified", TimeSpan.FromSeconds(30));
            await Wait.UntilAsync(async () => await DeferredAsync(c) == c.Length, TimeSpan.FromSeconds(30), "tier C to be deferred");
            Assert.Empty(await JobsAsync(c));
            Assert.Equal(0, await H.CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", c));

            await H.SetBudgetAsync(Math.Max(original.Budget, 5m), original.SoftLimit);
            await H.WaitForStatusAsync(c, "classified", JobWait);
            await H.AssertClassifiedExactlyOnceAsync(c);
            Assert.Equal("completed", (await EndedJobAsync(c)).State);
        }
        finally
        {
            await H.SetBudgetAsync(original.Budget, original.SoftLimit);
        }
    }

    private async Task<int> DeferredAsync(string[] ids)
    {
        var deferred = 0;
        foreach (var id in ids)
        {
            deferred += (string?)await H.Redis.GetDatabase().HashGetAsync(Aimo.Data.Queue.QueueKeys.PendingState(id), Aimo.Data.Queue.QueueKeys.PendingStateField) == "deferred" ? 1 : 0;
        }
        return deferred;
    }

    private async Task ForceJobAsync(object fault) =>
        (await H.Sim.PostAsJsonAsync("/sim/batches/next", new { faults = new[] { fault } })).EnsureSuccessStatusCode();

    private async Task<JsonElement> SimStatsAsync() => JsonDocument.Parse(await H.Sim.GetStringAsync("/sim/stats")).RootElement;

    private async Task<int> ProviderJobCountAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/batches?limit=100");
        request.Headers.Authorization = new("Bearer", "simulator");
        using var response = await H.Sim.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetArrayLength();
    }

    /// <summary>
    /// The one job that carried <paramref name="ids"/>, once it ended: its row is finished after the last line's
    /// commit, so the signatures can read "classified" a moment before it does.
    /// </summary>
    private async Task<JobRow> EndedJobAsync(string[] ids)
    {
        var jobs = await Wait.ForAsync(() => JobsAsync(ids), j => j.Count == 1 && j[0].State is "completed" or "returned", TimeSpan.FromSeconds(30),
            j => $"jobs: {string.Join(", ", j.Select(x => x.State))}");
        return jobs[0];
    }

    /// <summary>SQL: the job <c>j</c> carries one of the signature ids in parameter $1.</summary>
    private const string CarriesAny =
        "EXISTS (SELECT 1 FROM jsonb_array_elements(j.carries) l, jsonb_array_elements(l->'Entries') e WHERE e->>'SignatureId' = ANY($1))";

    /// <summary>The jobs that carried any of <paramref name="ids"/>.</summary>
    private Task<List<JobRow>> JobsAsync(string[] ids) => JobRowsAsync(CarriesAny, ids);

    private async Task<List<JobRow>> JobRowsAsync(string where, object parameter)
    {
        await using var command = H.Db.CreateCommand(
            $"SELECT state, provider_status, lines, lines_succeeded, lines_failed, cost_usd_actual FROM batch_jobs j WHERE {where}");
        command.Parameters.AddWithValue(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JobRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new JobRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
        }
        return rows;
    }
}
