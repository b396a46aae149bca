namespace Aimo.Data.Queue;

/// <summary>
/// The Lua scripts of the queue. Each is atomic, which is what makes them safe with several ingest and worker
/// replicas: nothing can interleave between a check and the write that depends on it.
/// </summary>
internal static class QueueScripts
{
    /// <summary>What <see cref="Enqueue"/> returns first (then the backlog) when the request would pass the cap.</summary>
    public const string Full = "full";

    /// <summary>
    /// KEYS: [1] the version sequence, [2..4] the tier streams A, B, C, then per item i (1-based) its stream, dedup and
    /// pending-state keys. ARGV: [1] dedup ttl, [2] origin, [3] bypass dedup, [4] pending ttl, [5] traceparent, [6] the
    /// backlog cap (0: none); per item its signature JSON, content hash and tier. Returns each item's version, or '0'
    /// for a duplicate; or {'full', backlog} when the new entries would take the three streams past the cap, having
    /// written nothing. A same-request duplicate sees the marker its twin just set, so it is counted as a duplicate
    /// too (the cap check replays exactly that). Versions go through string.format: Lua would print 16 digits as 1.7e+15.
    /// </summary>
    public static readonly string Enqueue = $$"""
        local ttl = tonumber(ARGV[1])
        local bypass = ARGV[3] == '1'
        local cap = tonumber(ARGV[6])
        local n = (#KEYS - 4) / 3
        local function key(i, k) return KEYS[4 + 3*(i - 1) + k] end
        local function arg(i, k) return ARGV[6 + 3*(i - 1) + k] end
        local function marker(i) return arg(i, 2) .. '|' .. arg(i, 3) end
        if cap > 0 then
          local markers = {}
          local adding = 0
          for i = 1, n do
            local current = markers[key(i, 2)]
            if current == nil then current = redis.call('GET', key(i, 2)) end
            if bypass or current ~= marker(i) then
              adding = adding + 1
              markers[key(i, 2)] = marker(i)
            end
          end
          local backlog = redis.call('XLEN', KEYS[2]) + redis.call('XLEN', KEYS[3]) + redis.call('XLEN', KEYS[4])
          if adding > 0 and backlog + adding > cap then
            return {'{{Full}}', backlog}
          end
        end
        local result = {}
        local function next_version()
          local t = redis.call('TIME')
          local v = tonumber(t[1]) * 1000000 + tonumber(t[2])
          local last = tonumber(redis.call('GET', KEYS[1]) or '0')
          if v <= last then v = last + 1 end
          local text = string.format('%.0f', v)
          redis.call('SET', KEYS[1], text)
          return text
        end
        for i = 1, n do
          if (not bypass) and redis.call('GET', key(i, 2)) == marker(i) then
            result[i] = '0'
          else
            local version = next_version()
            redis.call('XADD', key(i, 1), '*', '{{QueueFields.Signature}}', arg(i, 1), '{{QueueFields.ContentHash}}', arg(i, 2),
              '{{QueueFields.Origin}}', ARGV[2], '{{QueueFields.Version}}', version, '{{QueueFields.TraceParent}}', ARGV[5])
            redis.call('SET', key(i, 2), marker(i), 'EX', ttl)
            redis.call('HSET', key(i, 3), '{{QueueKeys.PendingVersionField}}', version, '{{QueueKeys.PendingStateField}}', 'queued')
            redis.call('EXPIRE', key(i, 3), ARGV[4])
            result[i] = version
          end
        end
        return result
        """;

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
          if redis.call('HGET', KEYS[2 + i], '{{QueueKeys.PendingVersionField}}') == ARGV[2 + 2*i] then
            redis.call('DEL', KEYS[2 + i])
          end
        end
        return n
        """;

    /// <summary>KEYS: pending-state keys. ARGV: the entries' versions. Marks each "deferred" if it is still the latest version.</summary>
    public static readonly string MarkDeferred = $$"""
        for i = 1, #KEYS do
          if redis.call('HGET', KEYS[i], '{{QueueKeys.PendingVersionField}}') == ARGV[i] then
            redis.call('HSET', KEYS[i], '{{QueueKeys.PendingStateField}}', 'deferred')
          end
        end
        return #KEYS
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
    /// KEYS: stream. ARGV: group, from consumer, to consumer, entry ids. Moves each entry <c>from</c> holds to
    /// <c>to</c> (XCLAIM JUSTID, idle reset) and returns the ids moved; one held by anyone else is left alone.
    /// </summary>
    public const string Move = """
        local moved = {}
        for i = 4, #ARGV do
          local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
          if #p > 0 and p[1][2] == ARGV[2] then
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[i], 'JUSTID')
            table.insert(moved, ARGV[i])
          end
        end
        return moved
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

    /// <summary>KEYS: pending state. The latest accepted version while one waits, else nil.</summary>
    public static readonly string LatestVersion = $"return redis.call('HGET', KEYS[1], '{QueueKeys.PendingVersionField}')";
}
