using System.Globalization;
using Aimo.Core.Queue;
using Aimo.Data.Llm;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Llm;

/// <summary>
/// The LLM provider's health, shared by every worker replica in one Redis hash (<see cref="RedisKeys.LlmHealth"/>).
/// This is AIMO's circuit breaker, at the level where it helps: after <see cref="WorkerOptions.OutageThreshold"/>
/// batches in a row failed all their attempts, or at the first configuration error, the workers stop reading new
/// entries (nothing more goes to needs_review), and one worker at a time sends a probe batch, with growing pauses,
/// until one succeeds. The HTTP pipeline has no breaker of its own, so every batch still gets the seed's 3 attempts.
/// </summary>
public sealed partial class ProviderHealth(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, ILogger<ProviderHealth> logger) : IProviderHealth
{
    public const string Ok = "ok";
    public const string Paused = "paused";

    // KEYS[1] health hash. ARGV: outcome (success | transient | configuration), message, status, threshold, first
    // probe ms, max probe ms, '1' for a probe batch. Returns 1 when the provider is paused afterwards, 2 when this
    // success ended a pause.
    private const string RecordScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HGET', KEYS[1], 'state')
        if ARGV[1] == 'success' then
          redis.call('HSET', KEYS[1], 'consecutive_failures', 0, 'last_success_at', now)
          if state == 'paused' then
            redis.call('HSET', KEYS[1], 'state', 'ok', 'resumed_at', now)
            redis.call('HDEL', KEYS[1], 'probe_at', 'probe_backoff_ms')
            return 2
          end
          return 0
        end
        redis.call('HSET', KEYS[1], 'last_error', ARGV[2], 'last_status', ARGV[3], 'last_failure_at', now)
        local failures = redis.call('HINCRBY', KEYS[1], 'consecutive_failures', 1)
        if state ~= 'paused' then
          if ARGV[1] == 'configuration' or failures >= tonumber(ARGV[4]) then
            redis.call('HSET', KEYS[1], 'state', 'paused', 'reason', ARGV[1] == 'configuration' and 'configuration' or 'outage',
              'since', now, 'probe_at', now + tonumber(ARGV[5]), 'probe_backoff_ms', ARGV[5])
            return 1
          end
          return 0
        end
        if ARGV[7] == '1' then
          local backoff = math.min(tonumber(redis.call('HGET', KEYS[1], 'probe_backoff_ms') or ARGV[5]) * 2, tonumber(ARGV[6]))
          redis.call('HSET', KEYS[1], 'probe_backoff_ms', backoff, 'probe_at', now + backoff)
        end
        if ARGV[1] == 'configuration' then redis.call('HSET', KEYS[1], 'reason', 'configuration') end
        return 1
        """;

    // KEYS[1] health hash. ARGV: how long the probe may run (ms). Returns 1 to exactly one caller per probe time.
    private const string ProbeScript = """
        if redis.call('HGET', KEYS[1], 'state') ~= 'paused' then return 0 end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if now < tonumber(redis.call('HGET', KEYS[1], 'probe_at') or '0') then return 0 end
        redis.call('HSET', KEYS[1], 'probe_at', now + tonumber(ARGV[1]), 'last_probe_at', now)
        return 1
        """;

    // KEYS[1] health hash. A granted probe that found no work: the next one may go after the current backoff.
    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'state') ~= 'paused' then return 0 end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('HSET', KEYS[1], 'probe_at', now + tonumber(redis.call('HGET', KEYS[1], 'probe_backoff_ms') or '1000'))
        return 1
        """;

    private WorkerOptions Options => options.Value;

    /// <summary>Whether reading is paused now (one Redis read; every loop of the consumer asks).</summary>
    public async Task<bool> IsPausedAsync() =>
        await redis.GetDatabase().HashGetAsync(RedisKeys.LlmHealth, "state") == Paused;

    /// <summary>While paused: true for the one worker that may send the next probe batch.</summary>
    public async Task<bool> TryStartProbeAsync() =>
        (long)(await redis.GetDatabase().ScriptEvaluateAsync(ProbeScript, [RedisKeys.LlmHealth],
            [(long)Options.ProbeRunTime.TotalMilliseconds]))! == 1;

    public async Task ReleaseProbeAsync() =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [RedisKeys.LlmHealth]);

    public async Task RecordSuccessAsync()
    {
        if (await RecordAsync("success", null, probe: false) == 2)
        {
            LogResumed(logger);
        }
    }

    /// <summary>Records a batch that failed all its attempts (or a configuration error). Returns whether reading is paused now.</summary>
    public async Task<bool> RecordFailureAsync(LlmFailure failure, bool probe)
    {
        var paused = await RecordAsync(failure.Kind == LlmFailureKind.Configuration ? "configuration" : "transient", failure, probe) == 1;
        if (paused && !probe)
        {
            LogPaused(logger, failure.Describe());
        }
        return paused;
    }

    /// <summary>Publishes what model this worker calls and at what price, for the API and the admin UI.</summary>
    /// <param name="provider">The endpoint's host and port: whose rate limits the workers share (<c>RedisKeys.RateLimit</c>).</param>
    public Task PublishModelAsync(string model, string endpointHost, string provider, string? pricedAs, decimal inputPerMillion, decimal outputPerMillion,
        bool fallbackPrice) =>
        redis.GetDatabase().HashSetAsync(RedisKeys.LlmHealth,
        [
            new("model", model), new("endpoint", endpointHost), new(LlmStatusQueries.ProviderField, provider), new("priced_as", pricedAs ?? ""),
            new("input_per_million", inputPerMillion.ToString(CultureInfo.InvariantCulture)),
            new("output_per_million", outputPerMillion.ToString(CultureInfo.InvariantCulture)),
            new("price_source", fallbackPrice ? "fallback" : "table"),
        ]);

    private async Task<long> RecordAsync(string outcome, LlmFailure? failure, bool probe) =>
        (long)(await redis.GetDatabase().ScriptEvaluateAsync(RecordScript, [RedisKeys.LlmHealth],
        [
            outcome, failure?.Describe() ?? "", failure?.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "", Options.OutageThreshold,
            (long)Options.ProbeInterval.TotalMilliseconds, (long)Options.MaxProbeInterval.TotalMilliseconds, probe ? "1" : "0",
        ]))!;

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "LLM unavailable: reading paused until a probe succeeds. {Error}")]
    private static partial void LogPaused(ILogger logger, string error);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "LLM answered again: reading resumed")]
    private static partial void LogResumed(ILogger logger);
}
