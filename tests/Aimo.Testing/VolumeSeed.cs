using Npgsql;

namespace Aimo.Testing;

/// <summary>
/// A year's shape of data, written with set-based SQL (generate_series) so millions of rows take minutes: per 20
/// signatures one batch; 4% of the signatures have a second version (so history: two classifications), 1% wait in
/// review (their newest classification is an older version's), and each 50 consecutive signatures share a host. An
/// older version's classification has no batch (as if reused): a batch carries a signature once. Timestamps spread over the
/// <see cref="Days"/> days before now. The volume benchmark and the query-plan tests seed through this.
/// </summary>
public static class VolumeSeed
{
    public const int Days = 365;
    public const int BatchSize = 20;

    /// <summary>The id of signature <paramref name="n"/> (1-based) in the seeded data.</summary>
    public static string SignatureId(long n) => $"vol_{n:D9}";

    /// <summary>The id of batch <paramref name="n"/> (0-based; it carries signatures 20n+1 to 20n+20), as the seed SQL makes it.</summary>
    public static Guid BatchId(long n) =>
        Guid.Parse(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"batch{n}"))));

    /// <summary>Seeds <paramref name="signatures"/> signatures with their batches, classifications, review items and audit rows.</summary>
    public static async Task SeedAsync(NpgsqlDataSource db, int signatures, Action<string>? progress = null)
    {
        var steps = new (string Name, string Sql)[]
        {
            ("batches", """
                INSERT INTO batches (id, tier, model, signature_count, sample_chars, estimated_input_tokens, estimated_output_tokens,
                    input_tokens, cached_input_tokens, output_tokens, cost_usd_estimated, cost_usd_actual, latency_ms, attempts, json_retries,
                    success_rate, status, started_at, finished_at)
                SELECT md5('batch' || b)::uuid, chr(65 + b % 3), 'gpt-4.1-mini', 20, 4000, 1500, 3000, 1480, 0, 2900, 0.0025, 0.0024,
                    900 + b % 500, 1, 0, 1.0, 'succeeded', t, t + interval '1 second'
                FROM generate_series(0, ($1 - 1) / 20) b,
                    LATERAL (SELECT now() - make_interval(secs => ($2 * 86400.0) * (1 - b::float8 / (($1 - 1) / 20 + 1)))) at(t)
                """),
            ("signatures", """
                INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, version, status, suspected_injection,
                    last_batch_id, created_at, updated_at, classified_at)
                SELECT 'vol_' || lpad(n::text, 9, '0'), chr(65 + n % 3), 'GET', 'h' || (n / 50) || '.volume.example.com',
                    '/api/v' || (n % 7) || '/items/' || n || '/{id}', ARRAY['GET /api/items/' || n || '/42'], md5(n::text || '-' || v),
                    v, CASE WHEN n % 100 = 0 THEN 'needs_review' ELSE 'classified' END, false,
                    md5('batch' || ((n - 1) / 20))::uuid, t, t + interval '2 seconds', CASE WHEN n % 100 = 0 THEN NULL ELSE t + interval '2 seconds' END
                FROM generate_series(1, $1) n,
                    LATERAL (SELECT CASE WHEN n % 25 = 0 THEN 2 ELSE 1 END AS v,
                                    now() - make_interval(secs => ($2 * 86400.0) * (1 - ((n - 1) / 20)::float8 / (($1 - 1) / 20 + 1))) AS t) x
                """),
            ("batch items", """
                INSERT INTO batch_items (batch_id, signature_id, outcome)
                SELECT md5('batch' || ((n - 1) / 20))::uuid, 'vol_' || lpad(n::text, 9, '0'),
                    CASE WHEN n % 100 = 0 THEN 'needs_review' ELSE 'classified' END
                FROM generate_series(1, $1) n
                """),
            ("classifications", """
                INSERT INTO classifications (signature_id, signature_version, content_hash, batch_id, service, category, risk, confidence,
                    rationale, model, source, created_at)
                SELECT s.id, v.version, md5(substr(s.id, 5)::bigint::text || '-' || v.version),
                    CASE WHEN v.version = s.version THEN s.last_batch_id END, 'Service ' || (substr(s.id, 5)::bigint % 997),
                    (ARRAY['saas','cloud','social','ai_tools','internal'])[1 + substr(s.id, 5)::bigint % 5], (ARRAY['low','medium','high'])[1 + substr(s.id, 5)::bigint % 3],
                    0.9, 'Seeded for the volume measurement.', 'gpt-4.1-mini', 'llm', s.updated_at - make_interval(days => s.version::int - v.version::int)
                FROM signatures s
                CROSS JOIN LATERAL generate_series(1, s.version) v(version)
                WHERE s.id LIKE 'vol\_%' AND (s.status = 'classified' OR v.version < s.version)
                """),
            ("review items", """
                INSERT INTO review_items (signature_id, signature_version, content_hash, batch_id, tier, reason, detail, status, created_at)
                SELECT s.id, s.version, s.content_hash, s.last_batch_id, s.tier, 'llm_unavailable', 'HTTP 503 after 3 attempts', 'open', s.updated_at
                FROM signatures s WHERE s.id LIKE 'vol\_%' AND s.status = 'needs_review'
                """),
            ("audit rows", """
                INSERT INTO audit_log (actor, action, subject, detail, at)
                SELECT 'operator', 'settings.update', 'budget', 'seeded', now() - make_interval(secs => ($2 * 86400.0) * (1 - n::float8 / ($1 / 100 + 1)))
                FROM generate_series(1, $1 / 100) n
                """),
            ("statistics", "ANALYZE"),
        };
        foreach (var (name, sql) in steps)
        {
            progress?.Invoke(name);
            await using var command = db.CreateCommand(sql);
            command.CommandTimeout = 0;
            if (sql.Contains("$1", StringComparison.Ordinal)) command.Parameters.Add(new NpgsqlParameter { Value = signatures });
            if (sql.Contains("$2", StringComparison.Ordinal)) command.Parameters.Add(new NpgsqlParameter { Value = (double)Days });
            await command.ExecuteNonQueryAsync();
        }
    }
}
