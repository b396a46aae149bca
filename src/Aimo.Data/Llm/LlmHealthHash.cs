namespace Aimo.Data.Llm;

/// <summary>
/// The one owner of the LLM provider's health hash (<c>aimo:llm:health</c>): its fields, their values and
/// the scripts that change them. The workers write it (<c>ProviderHealth</c>: the scripts, and the model they call);
/// <see cref="LlmStatusQueries"/> reads it for the API and the admin.
/// </summary>
public static class LlmHealthHash
{
    /// <summary>
    /// The hash shared by every replica: state, since, last error, consecutive failed batches, next probe time, and the
    /// model and its price.
    /// </summary>
    public const string Key = "aimo:llm:health";

    /// <summary><see cref="Ok"/> or <see cref="Paused"/>; absent until the first pause (read as ok).</summary>
    public const string StateField = "state";
    public const string Ok = "ok";
    public const string Paused = "paused";

    /// <summary>While paused: <see cref="OutageReason"/> or <see cref="ConfigurationReason"/>, and since when (Unix ms).</summary>
    public const string ReasonField = "reason";
    public const string OutageReason = "outage";
    public const string ConfigurationReason = "configuration";
    public const string SinceField = "since";
    public const string ResumedAtField = "resumed_at";

    public const string ConsecutiveFailuresField = "consecutive_failures";
    public const string LastSuccessAtField = "last_success_at";
    public const string LastErrorField = "last_error";
    public const string LastStatusField = "last_status";
    public const string LastFailureAtField = "last_failure_at";

    /// <summary>While paused: when the next probe may go (Unix ms), and the pause before the one after it.</summary>
    public const string ProbeAtField = "probe_at";
    public const string ProbeBackoffMsField = "probe_backoff_ms";
    public const string LastProbeAtField = "last_probe_at";

    /// <summary>The model the workers call, where, and its price per million tokens.</summary>
    public const string ModelField = "model";
    public const string EndpointField = "endpoint";
    /// <summary>The provider whose rate limits the workers share (<see cref="RateLimitKeys.Buckets"/>).</summary>
    public const string ProviderField = "provider";
    public const string PricedAsField = "priced_as";
    public const string InputPerMillionField = "input_per_million";
    public const string OutputPerMillionField = "output_per_million";
    /// <summary><see cref="TablePrice"/>, or <see cref="FallbackPrice"/> for a model the price table lacks.</summary>
    public const string PriceSourceField = "price_source";
    public const string TablePrice = "table";
    public const string FallbackPrice = "fallback";

    /// <summary><see cref="Record"/>'s outcomes of a batch.</summary>
    public const string SuccessOutcome = "success";
    public const string TransientOutcome = "transient";
    public const string ConfigurationOutcome = ConfigurationReason;

    /// <summary><see cref="Record"/>'s answers besides 0.</summary>
    public const long PausedAfterRecord = 1;
    public const long ResumedByRecord = 2;

    private const string NowMs = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

    /// <summary>
    /// KEYS[1] the hash. ARGV: outcome, message, status, threshold, first probe ms, max probe ms, '1' for a probe batch.
    /// Returns <see cref="PausedAfterRecord"/> when the provider is paused afterwards, <see cref="ResumedByRecord"/>
    /// when this success ended a pause.
    /// </summary>
    public static readonly string Record = $$"""
        {{NowMs}}
        local state = redis.call('HGET', KEYS[1], '{{StateField}}')
        if ARGV[1] == '{{SuccessOutcome}}' then
          redis.call('HSET', KEYS[1], '{{ConsecutiveFailuresField}}', 0, '{{LastSuccessAtField}}', now)
          if state == '{{Paused}}' then
            redis.call('HSET', KEYS[1], '{{StateField}}', '{{Ok}}', '{{ResumedAtField}}', now)
            redis.call('HDEL', KEYS[1], '{{ProbeAtField}}', '{{ProbeBackoffMsField}}')
            return {{ResumedByRecord}}
          end
          return 0
        end
        redis.call('HSET', KEYS[1], '{{LastErrorField}}', ARGV[2], '{{LastStatusField}}', ARGV[3], '{{LastFailureAtField}}', now)
        local failures = redis.call('HINCRBY', KEYS[1], '{{ConsecutiveFailuresField}}', 1)
        if state ~= '{{Paused}}' then
          if ARGV[1] == '{{ConfigurationOutcome}}' or failures >= tonumber(ARGV[4]) then
            redis.call('HSET', KEYS[1], '{{StateField}}', '{{Paused}}',
              '{{ReasonField}}', ARGV[1] == '{{ConfigurationOutcome}}' and '{{ConfigurationReason}}' or '{{OutageReason}}',
              '{{SinceField}}', now, '{{ProbeAtField}}', now + tonumber(ARGV[5]), '{{ProbeBackoffMsField}}', ARGV[5])
            return {{PausedAfterRecord}}
          end
          return 0
        end
        if ARGV[7] == '1' then
          local backoff = math.min(tonumber(redis.call('HGET', KEYS[1], '{{ProbeBackoffMsField}}') or ARGV[5]) * 2, tonumber(ARGV[6]))
          redis.call('HSET', KEYS[1], '{{ProbeBackoffMsField}}', backoff, '{{ProbeAtField}}', now + backoff)
        end
        if ARGV[1] == '{{ConfigurationOutcome}}' then redis.call('HSET', KEYS[1], '{{ReasonField}}', '{{ConfigurationReason}}') end
        return {{PausedAfterRecord}}
        """;

    /// <summary>KEYS[1] the hash. ARGV: how long the probe may run (ms). Returns 1 to exactly one caller per probe time.</summary>
    public static readonly string StartProbe = $$"""
        if redis.call('HGET', KEYS[1], '{{StateField}}') ~= '{{Paused}}' then return 0 end
        {{NowMs}}
        if now < tonumber(redis.call('HGET', KEYS[1], '{{ProbeAtField}}') or '0') then return 0 end
        redis.call('HSET', KEYS[1], '{{ProbeAtField}}', now + tonumber(ARGV[1]), '{{LastProbeAtField}}', now)
        return 1
        """;

    /// <summary>KEYS[1] the hash. A granted probe that found no work: the next one may go after the current backoff.</summary>
    public static readonly string ReleaseProbe = $$"""
        if redis.call('HGET', KEYS[1], '{{StateField}}') ~= '{{Paused}}' then return 0 end
        {{NowMs}}
        redis.call('HSET', KEYS[1], '{{ProbeAtField}}', now + tonumber(redis.call('HGET', KEYS[1], '{{ProbeBackoffMsField}}') or '1000'))
        return 1
        """;
}
