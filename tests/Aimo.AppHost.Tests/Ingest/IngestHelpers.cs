using System.Text;
using System.Text.Json;
using Aimo.Core;
using Aimo.Core.Signatures;
using Npgsql;
using StackExchange.Redis;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests.Ingest;

/// <summary>Direct Redis and PostgreSQL access for ingest tests: stream counters and seeding rows the worker would write.</summary>
internal static class IngestHelpers
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<IConnectionMultiplexer> RedisAsync(AimoStack stack) => await stack.ConnectRedisAsync();

    /// <summary>
    /// XINFO STREAM entries-added: counts every XADD ever, so the assertion holds even when the worker has
    /// already consumed and XDELed the entry.
    /// </summary>
    public static async Task<long> EntriesAddedAsync(IConnectionMultiplexer redis, Tier tier)
    {
        try
        {
            var info = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("XINFO", "STREAM", QueueKeys.Stream(tier)))!;
            for (var i = 0; i + 1 < info.Length; i += 2)
            {
                if ((string?)info[i] == "entries-added")
                {
                    return (long)info[i + 1];
                }
            }
            throw new InvalidOperationException("XINFO STREAM has no entries-added (Redis < 7?)");
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
    }

    public static async Task<long[]> AllEntriesAddedAsync(IConnectionMultiplexer redis) =>
        [await EntriesAddedAsync(redis, Tier.A), await EntriesAddedAsync(redis, Tier.B), await EntriesAddedAsync(redis, Tier.C)];

    public static async Task<NpgsqlConnection> PostgresAsync(AimoStack stack)
    {
        var connection = new NpgsqlConnection(await stack.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<object?> ExecAsync(NpgsqlConnection pg, string sql, params object?[] args)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
        return await command.ExecuteScalarAsync();
    }

    public static Task SeedSignatureAsync(NpgsqlConnection pg, string id, string tier, string host, string status, Guid? batchId = null) =>
        ExecAsync(pg, """
            INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, status, last_batch_id, created_at, updated_at)
            VALUES ($1, $2, 'GET', $3, '/v1/things', ARRAY['GET /v1/things?a=1'], repeat('0', 64), $4, $5, now(), now())
            """, id, tier, host, status, batchId);

    public static async Task<long> SeedReviewItemAsync(NpgsqlConnection pg, string signatureId, string tier, Guid? batchId = null) =>
        (long)(await ExecAsync(pg, """
            INSERT INTO review_items (signature_id, batch_id, tier, reason, detail, http_status, status, created_at)
            VALUES ($1, $2, $3, 'llm_unavailable', 'HTTP 503 three times', 503, 'open', now()) RETURNING id
            """, signatureId, batchId, tier))!;

    public static string NewHost() => $"h{Guid.NewGuid():N}"[..20] + ".example.com";

    public static string Item(string host, string tier = "B", string path = "/v1/files/{id}", string sample = "GET /v1/files/42") =>
        JsonSerializer.Serialize(new { tier, method = "GET", host, pathTemplate = path, samples = new[] { sample } });

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static StringContent Body(params string[] items) => Json($$"""{"signatures":[{{string.Join(",", items)}}]}""");

    /// <summary>Every string in a problem details body (title, detail, each error message, error keys), for message assertions.</summary>
    public static string ProblemText(string json)
    {
        var builder = new StringBuilder();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) { builder.Append(p.Name).Append(' '); Walk(p.Value); }
                    break;
                case JsonValueKind.Array:
                    foreach (var i in e.EnumerateArray()) { Walk(i); }
                    break;
                case JsonValueKind.String:
                    builder.Append(e.GetString()).Append(' ');
                    break;
            }
        }
        using var document = JsonDocument.Parse(json);
        Walk(document.RootElement);
        return builder.ToString();
    }
}
