using Aimo.Core.Queue;

namespace Aimo.Worker.Queue;

/// <summary>
/// The Lua scripts of the worker's stream I/O. Each is atomic, which is what makes them safe with several replicas:
/// nothing can interleave between an ownership check and the claim or acknowledgement that depends on it.
/// </summary>
internal static class QueueScripts
{
    /// <summary>
    /// KEYS: stream, attempts hash, then one pending-state key per entry. ARGV: group, tier, then (entry id, version)
    /// per entry. Acknowledges and deletes each entry and forgets its attempts; deletes the signature's pending state
    /// only when this entry is its latest accepted version, so a newer version that still waits keeps its state.
    /// </summary>
    public static readonly string Acknowledge = $$"""
        local n = #KEYS - 2
        for i = 1, n do
          local id = ARGV[1 + 2*i]
          redis.call('XACK', KEYS[1], ARGV[1], id)
          redis.call('XDEL', KEYS[1], id)
          redis.call('HDEL', KEYS[2], ARGV[2] .. ':' .. id)
          local kind = redis.call('TYPE', KEYS[2 + i])['ok']
          -- A string is the state written before versions existed: it belongs to whichever entry finishes first.
          if kind == 'string' or (kind == 'hash' and redis.call('HGET', KEYS[2 + i], '{{RedisKeys.PendingVersionField}}') == ARGV[2 + 2*i]) then
            redis.call('DEL', KEYS[2 + i])
          end
        end
        return n
        """;

    /// <summary>
    /// KEYS: stream. ARGV: group, consumer, entry ids. Resets the idle time of each entry this consumer still owns
    /// (XCLAIM JUSTID: no delivery is counted) and returns the ids it no longer owns.
    /// </summary>
    public const string KeepAlive = """
        local lost = {}
        for i = 3, #ARGV do
          local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
          if #p == 0 or p[1][2] ~= ARGV[2] then
            table.insert(lost, ARGV[i])
          else
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
          end
        end
        return lost
        """;

    /// <summary>
    /// KEYS: stream. ARGV: group, this consumer, heartbeat key prefix, min idle ms, max entries per consumer, then the
    /// consumers confirmed dead. For each that still has no heartbeat: claims its entries idle at least min idle (XCLAIM
    /// checks the idle time atomically, so two survivors never both get an entry, and a live worker keeps what it
    /// refreshes), or, when it has nothing pending, removes it from the group — nothing can be read in between.
    /// </summary>
    public const string ClaimFromDead = """
        local claimed = {}
        for i = 6, #ARGV do
          local name = ARGV[i]
          if name ~= ARGV[2] and redis.call('EXISTS', ARGV[3] .. name) == 0 then
            local entries = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[4], '-', '+', ARGV[5], name)
            for _, e in ipairs(entries) do
              for _, id in ipairs(redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[4], e[1], 'JUSTID')) do
                table.insert(claimed, id)
              end
            end
            if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, name) == 0 then
              redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
            end
          end
        end
        return claimed
        """;

    /// <summary>KEYS: pending-state keys. ARGV: the entries' versions. Marks each "deferred" if it is still the latest version.</summary>
    public static readonly string MarkDeferred = $$"""
        for i = 1, #KEYS do
          local kind = redis.call('TYPE', KEYS[i])['ok']
          if kind == 'string' then
            redis.call('SET', KEYS[i], 'deferred', 'KEEPTTL')
          elseif kind == 'hash' and redis.call('HGET', KEYS[i], '{{RedisKeys.PendingVersionField}}') == ARGV[i] then
            redis.call('HSET', KEYS[i], '{{RedisKeys.PendingStateField}}', 'deferred')
          end
        end
        return #KEYS
        """;
}
