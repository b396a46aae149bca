using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Budget;
using Aimo.Data.Queue;
using Aimo.Data.Budget;
using Aimo.Data.Llm;
using Npgsql;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>What the checks read from the stack: budget counters, llm-sim's bill and ledger, the end state of a schedule's ids.</summary>
public sealed class StackReadings(IDatabase redis, NpgsqlDataSource db, HttpClient sim, HttpClient ingest)
{
    /// <summary>Today in the checker stack's budget time zone (UTC).</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task<(long Spent, long Reserved, int Leases, Dictionary<string, long> Converted)> CountersAsync(DateOnly day)
    {
        var values = await redis.HashGetAsync(BudgetKeys.Day(day), [BudgetKeys.SpentMicrosField, BudgetKeys.ReservedMicrosField]);
        var leases = (int)await redis.HashLengthAsync(BudgetKeys.Leases(day));
        var converted = (await redis.HashGetAllAsync(BudgetKeys.Converted(day))).ToDictionary(
            e => (string)e.Name!, e => long.Parse(((string)e.Value!).Split('|')[0], CultureInfo.InvariantCulture));
        return ((long?)values[0] ?? 0, (long?)values[1] ?? 0, leases, converted);
    }

    /// <summary>PostgreSQL's durable copy of the day's spend, in micro-USD (it is written from micro-USD, so exactly).</summary>
    public async Task<long?> MirrorAsync(DateOnly day) =>
        await db.ScalarAsync("SELECT spent_usd FROM budget_days WHERE day = $1", day) is decimal usd ? Micros.FromCostUsd(usd) : null;

    public async Task<decimal> BilledUsdAsync() =>
        (await sim.GetFromJsonAsync<JsonElement>("/sim/stats")).GetProperty("billed").GetProperty("usd").GetDecimal();

    public async Task<List<SimCall>> SimCallsAsync() =>
        [.. (await sim.GetFromJsonAsync<JsonElement>("/sim/requests")).GetProperty("requests").EnumerateArray().Select(r => new SimCall(
            r.GetProperty("startedAt").GetDateTimeOffset(),
            r.GetProperty("endedAt").ValueKind == JsonValueKind.Null ? null : r.GetProperty("endedAt").GetDateTimeOffset(),
            r.GetProperty("signatures").GetInt32(), r.GetProperty("promptChars").GetInt32(),
            r.GetProperty("billed").GetBoolean(), r.GetProperty("billedUsd").GetDecimal(), r.GetProperty("clientGone").GetBoolean()))];

    /// <summary>Rows of the schedule's ids: version and status as PostgreSQL holds them.</summary>
    public async Task<Dictionary<string, (long Version, string Status)>> RowsAsync(string prefix) =>
        (await db.RowsAsync("SELECT id, version, status FROM signatures WHERE id LIKE $1", prefix + "%"))
            .ToDictionary(r => (string)r[0]!, r => ((long)r[1]!, (string)r[2]!));

    public async Task<FinalState> FinalStateAsync(IEnumerable<string> ids, string prefix)
    {
        var signatures = new Dictionary<string, FinalSignature>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            using var response = await ingest.GetAsync($"/api/signatures/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }
            var body = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            signatures[id] = new FinalSignature(id, body.GetProperty("version").GetInt64(), body.GetProperty("status").GetString()!);
        }
        // Only the review items of the version the id ended at: a reason recorded for an older version explains nothing.
        var reasons = (await db.RowsAsync("SELECT signature_id, signature_version, reason FROM review_items WHERE signature_id LIKE $1", prefix + "%"))
            .Where(r => signatures.TryGetValue((string)r[0]!, out var final) && final.Version == (long)r[1]!)
            .GroupBy(r => (string)r[0]!, r => (string?)r[2] ?? "")
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g], StringComparer.Ordinal);
        var duplicates = (await db.RowsAsync("""
                SELECT signature_id, signature_version, count(*) FROM classifications
                WHERE source IN ('llm', 'reuse') AND signature_id LIKE $1 GROUP BY 1, 2 HAVING count(*) > 1
                """, prefix + "%"))
            .Select(r => new DuplicateResult((string)r[0]!, (long)r[1]!, (long)r[2]!)).ToList();
        var unavailable = (await db.RowsAsync("""
                SELECT r.signature_id, b.id::text, b.attempts FROM review_items r LEFT JOIN batches b ON b.id = r.batch_id
                WHERE r.reason = 'llm_unavailable' AND r.signature_id LIKE $1
                """, prefix + "%"))
            .Select(r => new UnavailableReview((string)r[0]!, (string?)r[1], r[2] is int attempts ? attempts : null)).ToList();
        return new FinalState(signatures, reasons, duplicates, unavailable);
    }
}
