using Aimo.Core.Budget;
using Aimo.Core.Queue;
using Aimo.Core.Signatures;
using StackExchange.Redis;

namespace Aimo.Worker.Queue;

/// <summary>Result of a reservation attempt. <see cref="NeedsSeed"/>: Redis has no counters for the day yet.</summary>
public readonly record struct Reservation(bool Allowed, bool NeedsSeed, long SpentMicros, long ReservedMicros);

/// <summary>
/// The day's budget counters in Redis (<see cref="RedisKeys.BudgetDay"/>), changed only by Lua scripts so
/// any number of replicas reserve and settle atomically.
/// </summary>
public sealed class BudgetLedger(IConnectionMultiplexer redis)
{
    public const long MicrosPerUsd = 1_000_000;
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(3);

    // KEYS[1] day hash. ARGV: estimate micros, budget micros, soft-limit fraction, '1' when the tier may be deferred, ttl seconds.
    // Returns {allowed (1/0, -1 = counters missing), spent, reserved}.
    private const string ReserveScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0, 0} end
        local spent = tonumber(redis.call('HGET', KEYS[1], 'spent_micros') or '0')
        local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved_micros') or '0')
        local estimate = tonumber(ARGV[1])
        if ARGV[4] == '1' and spent + reserved + estimate > tonumber(ARGV[2]) * tonumber(ARGV[3]) then
          return {0, spent, reserved}
        end
        reserved = redis.call('HINCRBY', KEYS[1], 'reserved_micros', estimate)
        redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
        return {1, spent, reserved}
        """;

    // KEYS[1] day hash. ARGV: reserved estimate micros, actual micros. Returns {spent, reserved}.
    private const string SettleScript = """
        local reserved = redis.call('HINCRBY', KEYS[1], 'reserved_micros', -tonumber(ARGV[1]))
        if reserved < 0 then redis.call('HSET', KEYS[1], 'reserved_micros', 0); reserved = 0 end
        local spent = redis.call('HINCRBY', KEYS[1], 'spent_micros', tonumber(ARGV[2]))
        return {spent, reserved}
        """;

    public static long ToMicros(decimal usd) => (long)Math.Ceiling(usd * MicrosPerUsd);

    public static decimal ToUsd(long micros) => (decimal)micros / MicrosPerUsd;

    public async Task<Reservation> TryReserveAsync(DateOnly day, Tier tier, long estimateMicros, decimal budgetUsd, decimal softLimitFraction)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, [RedisKeys.BudgetDay(day)],
        [
            estimateMicros, ToMicros(budgetUsd), (double)softLimitFraction, tier == Tier.C ? "1" : "0", (long)KeyLifetime.TotalSeconds,
        ]))!;
        var code = (long)result[0];
        return new Reservation(code == 1, code == -1, (long)result[1], (long)result[2]);
    }

    /// <summary>Creates the day's counters from the durable ledger unless they exist (Redis lost or a new day).</summary>
    public async Task SeedAsync(DateOnly day, decimal spentUsd)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.BudgetDay(day);
        await db.HashSetAsync(key, RedisKeys.SpentMicrosField, ToMicros(spentUsd), When.NotExists);
        await db.HashSetAsync(key, RedisKeys.ReservedMicrosField, 0, When.NotExists);
        await db.KeyExpireAsync(key, KeyLifetime);
    }

    public async Task<(long SpentMicros, long ReservedMicros)> SettleAsync(DateOnly day, long estimateMicros, long actualMicros)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, [RedisKeys.BudgetDay(day)],
            [estimateMicros, actualMicros]))!;
        return ((long)result[0], (long)result[1]);
    }

    public async Task<BudgetSnapshot> SnapshotAsync(DateOnly day, decimal budgetUsd, decimal softLimitFraction)
    {
        var values = await redis.GetDatabase().HashGetAsync(RedisKeys.BudgetDay(day),
            [RedisKeys.SpentMicrosField, RedisKeys.ReservedMicrosField]);
        return new BudgetSnapshot(budgetUsd, ToUsd((long?)values[0] ?? 0), ToUsd((long?)values[1] ?? 0), softLimitFraction);
    }
}
