namespace Aimo.Data.Llm;

/// <summary>
/// The Lua scripts that are the only writers of a provider's rate-limit buckets (layout in <c>RateLimitKeys.Buckets</c>).
/// Each is atomic, so any number of worker replicas share one pair of buckets. A bucket refills continuously at
/// limit/60 per second up to its limit, as OpenAI's do; its limit is the smaller of what the provider's headers
/// announced and what configuration says, and it is not tracked while neither is known (calls go unhindered, but
/// are still counted, so the first headers can tell what is in flight).
/// </summary>
internal static class RateLimitScripts
{
    // ARGV[1], ARGV[2]: the configured requests and tokens per minute (0 = none; '' = as last stored, for readers).
    private static readonly string Common = $$"""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local h = KEYS[1]
        local at = tonumber(redis.call('HGET', h, '{{RateLimitKeys.AtField}}') or '') or now
        local kinds = {'{{RateLimitKeys.RequestsPrefix}}', '{{RateLimitKeys.TokensPrefix}}'}
        local function field(kind, name) return kind .. '_' .. name end
        local function limit(i)
          local header = tonumber(redis.call('HGET', h, field(kinds[i], '{{RateLimitKeys.HeaderLimitField}}')) or '0') or 0
          if header <= 0 then
            header = tonumber(redis.call('HGET', h, field(kinds[i], '{{RateLimitKeys.SeenLimitField}}')) or '0') or 0
          end
          local configured = tonumber(ARGV[i])
          if configured then
            redis.call('HSET', h, field(kinds[i], '{{RateLimitKeys.ConfiguredLimitField}}'), configured)
          else
            configured = tonumber(redis.call('HGET', h, field(kinds[i], '{{RateLimitKeys.ConfiguredLimitField}}')) or '0') or 0
          end
          if header > 0 and configured > 0 then return math.min(header, configured) end
          if header > 0 then return header end
          return configured
        end
        -- The bucket brought to now under its current limit; nil while the limit is unknown.
        local function refill(i, L)
          if L <= 0 then return nil end
          local level = tonumber(redis.call('HGET', h, field(kinds[i], '{{RateLimitKeys.LevelField}}')) or '')
          if level == nil then return L end
          return math.min(L, level + (now - at) * L / 60000)
        end
        local function store(i, level)
          if level then redis.call('HSET', h, field(kinds[i], '{{RateLimitKeys.LevelField}}'), string.format('%.3f', level)) end
        end
        """;

    /// <summary>
    /// KEYS: the bucket hash. ARGV: configured requests and tokens per minute, tokens of this call, reserve ms, ttl s.
    /// Charges one request and the tokens now, and answers how long the caller must wait before sending so that the
    /// call finds its units in the provider's bucket with <c>reserve ms</c> of refill to spare (calls that wait form
    /// a queue: each next one waits for its own units after those already promised). Returns {wait ms, requests
    /// charged so far, tokens charged so far}: the call's marks for <see cref="Observe"/>.
    /// </summary>
    public static readonly string Charge = $$"""
        {{Common}}
        local amounts = {1, tonumber(ARGV[3])}
        local wait = 0
        local marks = {}
        for i = 1, 2 do
          local L = limit(i)
          local level = refill(i, L)
          if level then
            level = level - amounts[i]
            local reserve = L * tonumber(ARGV[4]) / 60000
            -- A call larger than the whole limit can never fit: waiting cannot help, the provider refuses it.
            if level < reserve and amounts[i] <= L then
              wait = math.max(wait, math.ceil((reserve - level) * 60000 / L))
            end
          end
          store(i, level)
          marks[i] = redis.call('HINCRBY', h, field(kinds[i], '{{RateLimitKeys.ChargedField}}'), amounts[i])
        end
        redis.call('HSET', h, '{{RateLimitKeys.AtField}}', now)
        redis.call('EXPIRE', h, ARGV[5])
        return {wait, marks[1], marks[2]}
        """;

    /// <summary>
    /// KEYS: the bucket hash. ARGV: configured requests and tokens per minute, the response's age in ms (since its
    /// attempt was sent), then per bucket (requests, tokens) the headers' limit, remaining and reset ms ('' when
    /// absent) and the call's mark; ttl s; the call's tokens. Learns the limits — from a <c>remaining</c> alone (Azure
    /// OpenAI announces no limit) the most ever seen left plus this call, a lower bound that rises to the limit as the
    /// bucket is seen fuller —, and lowers a bucket to what the provider's report implies now: its remaining then,
    /// refilled since, less what was charged here after this call. Never raises one: a report that leaves more room
    /// than counted here is an earlier moment's view. Returns {1}.
    /// </summary>
    public static readonly string Observe = $$"""
        {{Common}}
        local age = tonumber(ARGV[3])
        local amounts = {1, tonumber(ARGV[13]) or 0}
        for i = 1, 2 do
          local base = 3 + (i - 1) * 4
          local announced = tonumber(ARGV[base + 1])
          local remaining = tonumber(ARGV[base + 2])
          local reset = tonumber(ARGV[base + 3])
          local mark = tonumber(ARGV[base + 4])
          if announced and announced > 0 then
            redis.call('HSET', h, field(kinds[i], '{{RateLimitKeys.HeaderLimitField}}'), announced)
          elseif remaining then
            local seen = remaining + amounts[i]
            if seen > (tonumber(redis.call('HGET', h, field(kinds[i], '{{RateLimitKeys.SeenLimitField}}')) or '0') or 0) then
              redis.call('HSET', h, field(kinds[i], '{{RateLimitKeys.SeenLimitField}}'), seen)
            end
          end
          local L = limit(i)
          local level = refill(i, L)
          if level and remaining and mark then
            local refilled
            if reset and reset > 0 and announced and announced > remaining then
              refilled = remaining + (announced - remaining) * math.min(1, age / reset)
            else
              refilled = remaining + age * L / 60000
            end
            local charged = tonumber(redis.call('HGET', h, field(kinds[i], '{{RateLimitKeys.ChargedField}}')) or '0')
            local provider = math.min(L, refilled) - math.max(0, charged - mark)
            if provider < level then level = provider end
          end
          store(i, level)
        end
        redis.call('HSET', h, '{{RateLimitKeys.AtField}}', now)
        redis.call('EXPIRE', h, ARGV[12])
        return {1}
        """;

    /// <summary>
    /// KEYS: the bucket hash. ARGV: '', '' (the limits the workers configured). Reads without writing. Returns
    /// {requests limit, requests level, tokens limit, tokens level} as strings ('' for an unknown limit).
    /// </summary>
    public static readonly string Peek = $$"""
        {{Common}}
        local out = {}
        for i = 1, 2 do
          local L = limit(i)
          local level = refill(i, L)
          out[#out + 1] = L > 0 and tostring(L) or ''
          out[#out + 1] = level and string.format('%.3f', level) or ''
        end
        return out
        """;
}
