using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core;
using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// What the worker stack tests share: Redis, Postgres and llm-sim clients of one stack, enqueueing straight into
/// the tier streams (so these tests do not depend on the ingest API), and waits with explicit timeouts.
/// </summary>
public sealed partial class WorkerHarness : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    private WorkerHarness(AimoStack stack, ConnectionMultiplexer redis, NpgsqlDataSource db, HttpClient sim)
    {
        Stack = stack;
        Redis = redis;
        Db = db;
        Sim = sim;
    }

    public AimoStack Stack { get; }
    public ConnectionMultiplexer Redis { get; }
    public NpgsqlDataSource Db { get; }
    public HttpClient Sim { get; }

    /// <summary>Connects to the stack and resets llm-sim (faults, forced queue, stats).</summary>
    public static async Task<WorkerHarness> ConnectAsync(AimoStack stack)
    {
        var redis = await stack.ConnectRedisAsync();
        var db = await stack.DatabaseAsync();
        var sim = stack.App.CreateHttpClient(ResourceNames.LlmSimulator);
        var harness = new WorkerHarness(stack, redis, db, sim);
        await harness.ResetSimAsync();
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Db.DisposeAsync();
        Sim.Dispose();
    }

    public async Task ResetSimAsync() => (await Sim.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();

    /// <summary><c>POST /sim/faults/next</c>: <c>new { fault = "http500", count = 2 }</c> or <c>new { sequence = [...] }</c>.</summary>
    public async Task ForceAsync(object body) =>
        (await Sim.PostAsJsonAsync("/sim/faults/next", body)).EnsureSuccessStatusCode();

    /// <summary><c>PUT /sim/faults</c>: replaces the whole profile; omitted fields take their defaults.</summary>
    /// <summary>How many requests llm-sim answered with <paramref name="outcome"/> (e.g. "hang", "ok") since the last reset.</summary>
    public async Task<long> SimOutcomeCountAsync(string outcome)
    {
        var stats = JsonDocument.Parse(await Sim.GetStringAsync("/sim/stats")).RootElement;
        return stats.GetProperty("byOutcome").TryGetProperty(outcome, out var count) ? count.GetInt64() : 0;
    }

    public async Task SetFaultsAsync(object profile) =>
        (await Sim.PutAsJsonAsync("/sim/faults", profile)).EnsureSuccessStatusCode();

    /// <summary>XADDs <paramref name="count"/> new signatures the way ingest does; ids and hosts are unique per call.</summary>
    /// <summary>A tag unique to one test's signatures; pass it as a forced fault's <c>match</c> so no other batch takes the fault.</summary>
    public static string NewRun() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>Enqueues <paramref name="count"/> new signatures exactly as ingest does (the same script: versions, pending state).</summary>
    /// <param name="run">Tag put into every id and host (see <see cref="NewRun"/>); a new one when null.</param>
    /// <param name="sampleChars">Pads each sample to about this length: long samples make smaller batches (8,000 characters each).</param>
    public async Task<string[]> EnqueueAsync(Tier tier, int count, string? run = null, int sampleChars = 0)
    {
        run ??= NewRun();
        var signatures = Enumerable.Range(0, count)
            .Select(i => new Signature($"wt-{run}-{i}", tier, "GET", $"api{i}.{run}.example.com", "/v1/items/{id}",
                [$"GET /v1/items/{i}?q={new string('x', Math.Max(0, sampleChars - 20))}"]))
            .ToList();
        await EnqueueAsync(signatures);
        return [.. signatures.Select(s => s.Id)];
    }

    /// <summary>Enqueues signatures through the real enqueue script; returns which were accepted (not duplicates).</summary>
    public async Task<IReadOnlyList<EnqueueOutcome>> EnqueueAsync(IReadOnlyList<Signature> signatures) =>
        await new SignatureQueue(Redis).EnqueueAsync(signatures, TimeSpan.FromHours(1));

    /// <summary>Stream entries (of any tier stream) that carry one of <paramref name="ids"/>.</summary>
    public async Task<int> EntriesInStreamAsync(Tier tier, string[] ids)
    {
        var entries = await Redis.GetDatabase().StreamRangeAsync(QueueKeys.Stream(tier));
        return entries.Count(e => ids.Any(id => ((string?)e[QueueFields.Signature] ?? "").Contains($"\"{id}\"", StringComparison.Ordinal)));
    }

    public async Task WaitForStatusAsync(string[] ids, string status, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultWait;
        using var cts = new CancellationTokenSource(wait);
        while (true)
        {
            var done = await CountAsync("SELECT count(*) FROM signatures WHERE status = $2 AND id = ANY($1)", ids, status);
            if (done == ids.Length)
            {
                return;
            }
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Only {done} of {ids.Length} signatures reached '{status}' within {wait}.");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>A scalar count; <c>$1</c> is <paramref name="ids"/> (text[]), <c>$2</c> the optional extra text.</summary>
    public Task<long> CountAsync(string sql, string[] ids, string? extra = null) =>
        extra is null ? Db.CountAsync(sql, [ids]) : Db.CountAsync(sql, [ids, extra]);

    public Task<decimal> DecimalAsync(string sql) => Db.DecimalAsync(sql);

    public sealed record BatchRow(int SignatureCount, int Attempts, int JsonRetries, double SuccessRate, int InputTokens, int OutputTokens,
        int EstimatedOutputTokens, decimal? CostActual, long LatencyMs, string? Error);

    /// <summary>The one batch that carried <paramref name="signatureId"/>; fails when there is none or more than one.</summary>
    public async Task<BatchRow> SingleBatchAsync(string signatureId)
    {
        await using var cmd = Db.CreateCommand("""
            SELECT b.signature_count, b.attempts, b.json_retries, b.success_rate, b.input_tokens, b.output_tokens,
                   b.estimated_output_tokens, b.cost_usd_actual, b.latency_ms, b.error
            FROM batches b JOIN batch_items i ON i.batch_id = b.id WHERE i.signature_id = $1
            """);
        cmd.Parameters.AddWithValue(signatureId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No batch carried {signatureId}.");
        var row = new BatchRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetInt32(4),
            reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7), reader.GetInt64(8),
            reader.IsDBNull(9) ? null : reader.GetString(9));
        Assert.False(await reader.ReadAsync(), $"{signatureId} was in more than one batch.");
        return row;
    }

    /// <summary>
    /// Every id has exactly one classification row and exactly one batch item that recorded it (nothing classified twice).
    /// A batch that carried a version another batch finished first lists it as <c>discarded</c>: paid for, not a result.
    /// </summary>
    public async Task AssertClassifiedExactlyOnceAsync(string[] ids)
    {
        await using var cmd = Db.CreateCommand("""
            SELECT s.id,
                   (SELECT count(*) FROM classifications c WHERE c.signature_id = s.id),
                   (SELECT count(*) FROM batch_items i WHERE i.signature_id = s.id AND i.outcome <> 'discarded')
            FROM unnest($1::text[]) AS s(id)
            """);
        cmd.Parameters.AddWithValue(ids);
        await using var reader = await cmd.ExecuteReaderAsync();
        var wrong = new List<string>();
        while (await reader.ReadAsync())
        {
            var (classifications, items) = (reader.GetInt64(1), reader.GetInt64(2));
            if (classifications != 1 || items != 1)
            {
                wrong.Add($"{reader.GetString(0)}: {classifications} classification(s), {items} batch item(s)");
            }
        }
        Assert.True(wrong.Count == 0, "Not classified exactly once:\n" + string.Join("\n", wrong.Take(20)));
    }
}
