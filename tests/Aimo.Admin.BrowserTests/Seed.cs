using Npgsql;

namespace Aimo.Admin.BrowserTests;

/// <summary>Rows the worker would write, seeded straight into PostgreSQL for tests that need exact data.</summary>
internal static class Seed
{
    public static async Task<object?> ExecAsync(NpgsqlConnection pg, string sql, params object?[] args)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
        return await command.ExecuteScalarAsync();
    }

    public static Task SignatureAsync(NpgsqlConnection pg, string id, string tier, string host, string status) =>
        ExecAsync(pg, """
            INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, status, created_at, updated_at)
            VALUES ($1, $2, 'POST', $3, '/v1/chat', ARRAY['POST /v1/chat'], repeat('0', 64), $4, now(), now())
            """, id, tier, host, status);

    public static Task ClassificationAsync(NpgsqlConnection pg, string signatureId, string category, string risk) =>
        ExecAsync(pg, """
            INSERT INTO classifications (signature_id, signature_version, service, category, risk, confidence, rationale, model, source, created_at)
            VALUES ($1, 0, 'Example, Inc.', $2, $3, 0.9, 'Seeded for the export test', 'aimo-sim-1', 'llm', now())
            """, signatureId, category, risk);

    public static async Task<long> ReviewItemAsync(NpgsqlConnection pg, string signatureId, string tier) =>
        (long)(await ExecAsync(pg, """
            INSERT INTO review_items (signature_id, tier, reason, detail, status, created_at)
            VALUES ($1, $2, 'invalid_json', 'Expected a JSON object', 'open', now()) RETURNING id
            """, signatureId, tier))!;

    /// <summary>A finished batch at <paramref name="startedAt"/> with the given latency and cost.</summary>
    public static Task BatchAsync(NpgsqlConnection pg, DateTimeOffset startedAt, long latencyMs, decimal costUsd, string model = "gpt-4o-mini", string tier = "B") =>
        ExecAsync(pg, """
            INSERT INTO batches (id, tier, model, signature_count, sample_chars, estimated_input_tokens, estimated_output_tokens,
                input_tokens, output_tokens, cost_usd_estimated, cost_usd_actual, latency_ms, attempts, json_retries, success_rate, status, started_at, finished_at)
            VALUES (gen_random_uuid(), $1, $2, 5, 500, 600, 700, 650, 690, $3, $3, $4, 1, 0, 1, 'succeeded', $5, $5)
            """, tier, model, costUsd, latencyMs, startedAt);
}
