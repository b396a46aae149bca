using System.Globalization;
using Aimo.Data.Llm;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Worker.Llm;

/// <summary>
/// The LLM provider's health, shared by every worker replica in one Redis hash (<see cref="LlmHealthHash"/>).
/// This is AIMO's circuit breaker, at the level where it helps: after <see cref="WorkerOptions.OutageThreshold"/>
/// batches in a row failed all their attempts, or at the first configuration error, the workers stop reading new
/// entries (nothing more goes to needs_review), and one worker at a time sends a probe batch, with growing pauses,
/// until one succeeds. The HTTP pipeline has no breaker of its own, so every batch still gets the seed's 3 attempts.
/// </summary>
public sealed partial class ProviderHealth(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, ILogger<ProviderHealth> logger) : IProviderHealth
{
    private WorkerOptions Options => options.Value;

    /// <summary>Whether reading is paused now (one Redis read; every loop of the consumer asks).</summary>
    public async Task<bool> IsPausedAsync() =>
        await redis.GetDatabase().HashGetAsync(LlmHealthHash.Key, LlmHealthHash.StateField) == LlmHealthHash.Paused;

    /// <summary>While paused: true for the one worker that may send the next probe batch.</summary>
    public async Task<bool> TryStartProbeAsync() =>
        (long)(await redis.GetDatabase().ScriptEvaluateAsync(LlmHealthHash.StartProbe, [LlmHealthHash.Key],
            [(long)Options.ProbeRunTime.TotalMilliseconds]))! == 1;

    public async Task ReleaseProbeAsync() =>
        await redis.GetDatabase().ScriptEvaluateAsync(LlmHealthHash.ReleaseProbe, [LlmHealthHash.Key]);

    public async Task RecordSuccessAsync()
    {
        if (await RecordAsync(LlmHealthHash.SuccessOutcome, null, probe: false) == LlmHealthHash.ResumedByRecord)
        {
            LogResumed(logger);
        }
    }

    /// <summary>Records a batch that failed all its attempts (or a configuration error). Returns whether reading is paused now.</summary>
    public async Task<bool> RecordFailureAsync(LlmFailure failure, bool probe)
    {
        var outcome = failure.Kind == LlmFailureKind.Configuration ? LlmHealthHash.ConfigurationOutcome : LlmHealthHash.TransientOutcome;
        var paused = await RecordAsync(outcome, failure, probe) == LlmHealthHash.PausedAfterRecord;
        if (paused && !probe)
        {
            LogPaused(logger, failure.Describe());
        }
        return paused;
    }

    /// <summary>Publishes what model this worker calls and at what price, for the API and the admin UI.</summary>
    /// <param name="provider">The endpoint's host and port: whose rate limits the workers share (<c>RateLimitKeys.Buckets</c>).</param>
    public Task PublishModelAsync(string model, string endpointHost, string provider, string? pricedAs, decimal inputPerMillion, decimal outputPerMillion,
        bool fallbackPrice) =>
        redis.GetDatabase().HashSetAsync(LlmHealthHash.Key,
        [
            new(LlmHealthHash.ModelField, model), new(LlmHealthHash.EndpointField, endpointHost), new(LlmHealthHash.ProviderField, provider),
            new(LlmHealthHash.PricedAsField, pricedAs ?? ""),
            new(LlmHealthHash.InputPerMillionField, inputPerMillion.ToString(CultureInfo.InvariantCulture)),
            new(LlmHealthHash.OutputPerMillionField, outputPerMillion.ToString(CultureInfo.InvariantCulture)),
            new(LlmHealthHash.PriceSourceField, fallbackPrice ? LlmHealthHash.FallbackPrice : LlmHealthHash.TablePrice),
        ]);

    private async Task<long> RecordAsync(string outcome, LlmFailure? failure, bool probe) =>
        (long)(await redis.GetDatabase().ScriptEvaluateAsync(LlmHealthHash.Record, [LlmHealthHash.Key],
        [
            outcome, failure?.Describe() ?? "", failure?.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "", Options.OutageThreshold,
            (long)Options.ProbeInterval.TotalMilliseconds, (long)Options.MaxProbeInterval.TotalMilliseconds, probe ? "1" : "0",
        ]))!;

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "LLM unavailable: reading paused until a probe succeeds. {Error}")]
    private static partial void LogPaused(ILogger logger, string error);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "LLM answered again: reading resumed")]
    private static partial void LogResumed(ILogger logger);
}
