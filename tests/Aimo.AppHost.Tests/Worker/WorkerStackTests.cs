using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core;
using Aimo.Core.Classification;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>The worker through the real stack: Redis streams in, llm-sim with faults, results in Postgres.</summary>
[Collection(StackCollection.Name)]
public sealed class WorkerStackTests(StackFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private AimoStack Stack => fixture.Stack;
    private ConnectionMultiplexer _redis = null!;
    private NpgsqlDataSource _db = null!;
    private HttpClient _sim = null!;

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(await Stack.ConnectionStringAsync(ResourceNames.Redis));
        _db = NpgsqlDataSource.Create(await Stack.ConnectionStringAsync(ResourceNames.Database));
        _sim = Stack.App.CreateHttpClient(ResourceNames.LlmSimulator);
        (await _sim.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _db.DisposeAsync();
        _sim.Dispose();
    }

    [Fact]
    public async Task Happy_path_classifies_a_batch_with_sane_metrics()
    {
        var ids = await EnqueueAsync(Tier.A, 3);
        await WaitForStatusAsync(ids, "classified");
        var batch = await SingleBatchAsync(ids[0]);
        Assert.Equal(3, batch.SignatureCount);
        Assert.Equal(1, batch.Attempts);
        Assert.Equal(0, batch.JsonRetries);
        Assert.Equal(1.0, batch.SuccessRate);
        Assert.True(batch.InputTokens > 0 && batch.OutputTokens > 0);
        Assert.NotNull(batch.CostActual);
        Assert.Equal(3 * 150, batch.EstimatedOutputTokens);
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM classifications WHERE signature_id = ANY($1)", ids));
        // Finished entries are XACKed and XDELed: none of ours is left in the stream.
        var left = await _redis.GetDatabase().StreamRangeAsync(RedisKeys.Stream(Tier.A));
        Assert.DoesNotContain(left, e => ids.Any(id => ((string?)e[QueueFields.Signature] ?? "").Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_http_500s_then_success_on_the_third_attempt_within_the_policy_delays()
    {
        await ForceAsync(new { fault = "http500", count = 2 });
        var ids = await EnqueueAsync(Tier.A, 1);
        await WaitForStatusAsync(ids, "classified");
        var batch = await SingleBatchAsync(ids[0]);
        Assert.Equal(3, batch.Attempts);
        // 1 s + 2 s + two jitters of at most 300 ms, plus the calls themselves.
        Assert.InRange(batch.LatencyMs, 3000, 10_000);
    }

    [Fact]
    public async Task Three_failures_send_the_batch_to_review_with_the_http_status()
    {
        await ForceAsync(new { fault = "http500", count = 3 });
        var ids = await EnqueueAsync(Tier.B, 1);
        await WaitForStatusAsync(ids, "needs_review");
        await using var cmd = _db.CreateCommand("SELECT reason, http_status FROM review_items WHERE signature_id = $1");
        cmd.Parameters.AddWithValue(ids[0]);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("llm_unavailable", reader.GetString(0));
        Assert.Equal(500, reader.GetInt32(1));
    }

    [Fact]
    public async Task Invalid_json_once_is_fixed_by_one_reask()
    {
        await ForceAsync(new { sequence = new[] { "invalid_json", "none" } });
        var ids = await EnqueueAsync(Tier.A, 2);
        await WaitForStatusAsync(ids, "classified");
        var batch = await SingleBatchAsync(ids[0]);
        Assert.Equal(1, batch.JsonRetries);
        Assert.Equal(0.5, batch.SuccessRate);
    }

    [Fact]
    public async Task Invalid_json_twice_goes_to_review()
    {
        await ForceAsync(new { fault = "invalid_json", count = 2 });
        var ids = await EnqueueAsync(Tier.A, 1);
        await WaitForStatusAsync(ids, "needs_review");
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM review_items WHERE reason = 'invalid_json' AND signature_id = ANY($1)", ids));
    }

    [Fact]
    public async Task Truncation_splits_the_batch()
    {
        await ForceAsync(new { sequence = new[] { "truncated", "none", "none" } });
        var ids = await EnqueueAsync(Tier.A, 4);
        await WaitForStatusAsync(ids, "classified");
        var batch = await SingleBatchAsync(ids[0]);
        Assert.Equal(0, batch.JsonRetries);
        Assert.True(batch.Attempts >= 2);
    }

    private async Task ForceAsync(object body) =>
        (await _sim.PostAsJsonAsync("/sim/faults/next", body)).EnsureSuccessStatusCode();

    private async Task<string[]> EnqueueAsync(Tier tier, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var db = _redis.GetDatabase();
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var signature = new Signature($"wt-{run}-{i}", tier, "GET", $"api{i}.{run}.example.com", "/v1/items/{id}", [$"GET /v1/items/{i}"]);
            ids[i] = signature.Id;
            await db.StreamAddAsync(RedisKeys.Stream(tier),
            [
                new(QueueFields.Signature, JsonSerializer.Serialize(signature, AimoJson.Options)),
                new(QueueFields.ContentHash, SignatureId.ContentHash(signature)),
                new(QueueFields.EnqueuedAt, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
                new(QueueFields.Origin, "ingest"),
            ]);
        }
        return ids;
    }

    private async Task WaitForStatusAsync(string[] ids, string status)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (true)
        {
            var done = await CountAsync("SELECT count(*) FROM signatures WHERE status = $2 AND id = ANY($1)", ids, status);
            if (done == ids.Length)
            {
                return;
            }
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Only {done} of {ids.Length} signatures reached '{status}' within {Wait}.");
            }
            await Task.Delay(250);
        }
    }

    private async Task<long> CountAsync(string sql, string[] ids, string? extra = null)
    {
        await using var cmd = _db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(ids);
        if (extra is not null)
        {
            cmd.Parameters.AddWithValue(extra);
        }
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed record BatchRow(int SignatureCount, int Attempts, int JsonRetries, double SuccessRate, int InputTokens, int OutputTokens,
        int EstimatedOutputTokens, decimal? CostActual, long LatencyMs);

    private async Task<BatchRow> SingleBatchAsync(string signatureId)
    {
        await using var cmd = _db.CreateCommand("""
            SELECT b.signature_count, b.attempts, b.json_retries, b.success_rate, b.input_tokens, b.output_tokens,
                   b.estimated_output_tokens, b.cost_usd_actual, b.latency_ms
            FROM batches b JOIN batch_items i ON i.batch_id = b.id WHERE i.signature_id = $1
            """);
        cmd.Parameters.AddWithValue(signatureId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No batch carried {signatureId}.");
        var row = new BatchRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetInt32(4),
            reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7), reader.GetInt64(8));
        Assert.False(await reader.ReadAsync(), $"{signatureId} was in more than one batch.");
        return row;
    }
}
