namespace Aimo.Data.Budget;

/// <summary>
/// The Lua scripts that are the only writers of a day's budget counters (layout in <see cref="BudgetKeys"/>). Each one is
/// atomic, so any number of worker replicas reserve and settle correctly. Every script except <see cref="Seed"/>
/// answers -1 when the day was not seeded from PostgreSQL yet; <see cref="BudgetLedger"/> then seeds and repeats.
/// </summary>
internal static class BudgetScripts
{
    private const string NowMs = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

    private static readonly string NotSeeded = $"if redis.call('HEXISTS', KEYS[1], '{BudgetKeys.SeededField}') == 0 then return {{-1, 0, 0}} end";

    private static readonly string Release = $$"""
        local function release(estimate)
          local r = redis.call('HINCRBY', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}', -estimate)
          if r < 0 then redis.call('HSET', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}', 0) end
        end
        local function spend(tier, amount)
          redis.call('HINCRBY', KEYS[1], '{{BudgetKeys.SpentMicrosField}}:' .. tier, amount)
          return redis.call('HINCRBY', KEYS[1], '{{BudgetKeys.SpentMicrosField}}', amount)
        end
        """;

    /// <summary>
    /// KEYS: day, leases, converted, settled. ARGV: estimate, soft limit, '1' when the tier may be deferred, lease id,
    /// tier, consumer, lease ms, ttl s. The refusal test is <c>BudgetPolicy.Decide</c>'s, on the same integers. The lease
    /// id is the idempotency key: a reserve retried after a timeout finds its lease and reserves nothing more; one whose
    /// lease was settled (released) meanwhile is refused, so a released call is never sent.
    /// Returns {1 granted / 0 refused / -1 not seeded, spent, reserved}.
    /// </summary>
    public static readonly string Reserve = $$"""
        {{NotSeeded}}
        local spent = tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.SpentMicrosField}}') or '0')
        local reserved = tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}') or '0')
        if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 or redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1 then
          return {1, spent, reserved}
        end
        if redis.call('HEXISTS', KEYS[4], ARGV[4]) == 1 then
          return {0, spent, reserved}
        end
        local estimate = tonumber(ARGV[1])
        if ARGV[3] == '1' and spent + reserved + estimate > tonumber(ARGV[2]) then
          redis.call('HINCRBY', KEYS[1], '{{BudgetKeys.RefusedField}}', 1)
          return {0, spent, reserved}
        end
        {{NowMs}}
        reserved = redis.call('HINCRBY', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}', estimate)
        redis.call('HSET', KEYS[2], ARGV[4], ARGV[1] .. '|' .. ARGV[5] .. '|' .. ARGV[6] .. '|' .. (now + tonumber(ARGV[7])))
        redis.call('EXPIRE', KEYS[1], ARGV[8])
        redis.call('EXPIRE', KEYS[2], ARGV[8])
        return {1, spent, reserved}
        """;

    /// <summary>
    /// KEYS: day, leases, converted, settled. ARGV: lease id, actual micros, tier, ttl s. A live lease releases its
    /// estimate and adds the actual cost; a converted one corrects its estimate to the actual cost; an unknown one (the
    /// counters were lost and re-seeded) adds the actual cost; one already settled changes nothing (a retried settle).
    /// Returns {1 / -1 not seeded, spent, reserved}.
    /// </summary>
    public static readonly string Settle = $$"""
        {{NotSeeded}}
        {{Release}}
        if redis.call('HEXISTS', KEYS[4], ARGV[1]) == 1 then
          return {1, tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.SpentMicrosField}}') or '0'), tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}') or '0')}
        end
        redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
        redis.call('EXPIRE', KEYS[4], ARGV[4])
        local actual = tonumber(ARGV[2])
        local lease = redis.call('HGET', KEYS[2], ARGV[1])
        local delta = actual
        if lease then
          redis.call('HDEL', KEYS[2], ARGV[1])
          release(tonumber(string.match(lease, '^(%d+)')))
        else
          local converted = redis.call('HGET', KEYS[3], ARGV[1])
          if converted then
            redis.call('HDEL', KEYS[3], ARGV[1])
            delta = actual - tonumber(string.match(converted, '^(%d+)'))
          end
        end
        local spent = spend(ARGV[3], delta)
        return {1, spent, tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}') or '0')}
        """;

    /// <summary>
    /// KEYS: day, leases, converted. ARGV: heartbeat key prefix, ttl s. Converts to spend, at their estimate, the
    /// leases that expired or whose worker's heartbeat is gone. Returns {converted count, spent, reserved}.
    /// </summary>
    public static readonly string Sweep = $$"""
        {{NotSeeded}}
        {{Release}}
        {{NowMs}}
        local leases = redis.call('HGETALL', KEYS[2])
        local n = 0
        for i = 1, #leases, 2 do
          local estimate, tier, consumer, expires = string.match(leases[i + 1], '^(%d+)|([^|]*)|([^|]*)|(%d+)$')
          if estimate and (tonumber(expires) <= now or redis.call('EXISTS', ARGV[1] .. consumer) == 0) then
            redis.call('HDEL', KEYS[2], leases[i])
            release(tonumber(estimate))
            spend(tier, tonumber(estimate))
            redis.call('HSET', KEYS[3], leases[i], estimate .. '|' .. tier)
            redis.call('EXPIRE', KEYS[3], ARGV[2])
            n = n + 1
          end
        end
        return {n, tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.SpentMicrosField}}') or '0'), tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}') or '0')}
        """;

    /// <summary>
    /// KEYS: day. ARGV: spent micros from PostgreSQL, ttl s. Marks the day seeded once; spend becomes the larger of
    /// what Redis still has and the durable ledger, so a lost or partial hash never under-counts.
    /// </summary>
    public static readonly string Seed = $$"""
        if redis.call('HSETNX', KEYS[1], '{{BudgetKeys.SeededField}}', 1) == 1 then
          local current = tonumber(redis.call('HGET', KEYS[1], '{{BudgetKeys.SpentMicrosField}}') or '0')
          if tonumber(ARGV[1]) > current then redis.call('HSET', KEYS[1], '{{BudgetKeys.SpentMicrosField}}', ARGV[1]) end
          redis.call('HSETNX', KEYS[1], '{{BudgetKeys.ReservedMicrosField}}', 0)
        end
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        return 1
        """;
}
