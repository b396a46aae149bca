using Aimo.Data;
using Aimo.Data.Llm;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// This worker's provider and model in the shared rate-limit buckets (<see cref="RateLimitLedger"/>): the provider is
/// the endpoint's host and port (and an Azure deployment: <see cref="LlmConnection.RateLimitScope"/>), so every replica
/// that calls the same endpoint for the same model shares one pair.
/// </summary>
public sealed partial class ProviderRateLimits(RateLimitLedger ledger, LlmConnection connection, IOptions<RateLimitOptions> options,
    ILogger<ProviderRateLimits> logger)
{
    public string Provider { get; } = connection.RateLimitScope;

    public string Model => connection.Model;

    private RateLimitOptions Options => options.Value;

    /// <summary>
    /// Charges a call's first attempt; the caller waits <see cref="RateLimitCharge.Wait"/> before sending it. Null when
    /// Redis cannot be reached: the call goes unadmitted rather than fail as if the provider had (a 429 it may then get
    /// is retried like any other), and its batch cannot be acknowledged before Redis is back anyway.
    /// </summary>
    public Task<RateLimitCharge?> ChargeAsync(long tokens) => TryChargeAsync(tokens, Options.Reserve);

    /// <summary>Charges an HTTP retry the provider counts again. It does not wait: the retry's delay is the retry layer's.</summary>
    public Task<RateLimitCharge?> ChargeRetryAsync(long tokens) => TryChargeAsync(tokens, TimeSpan.Zero);

    private async Task<RateLimitCharge?> TryChargeAsync(long tokens, TimeSpan reserve)
    {
        try
        {
            return await ledger.ChargeAsync(Provider, Model, Options.Static, tokens, reserve);
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            LogChargeFailed(logger, ex);
            return null;
        }
    }

    /// <summary>Feeds a response's headers back. A Redis hiccup here only delays a correction: logged, not thrown.</summary>
    public async Task ObserveAsync(RateLimitReport report, TimeSpan age, RateLimitCharge mark)
    {
        try
        {
            await ledger.ObserveAsync(Provider, Model, Options.Static, report, age, mark);
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            LogObserveFailed(logger, ex);
        }
    }

    public Task<RateLimitSnapshot> SnapshotAsync() => ledger.SnapshotAsync(Provider, Model);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "Could not reach the shared rate limits; this call goes without admission")]
    private static partial void LogChargeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 610, Level = LogLevel.Warning, Message = "Could not record the provider's rate-limit headers; the buckets are corrected by the next response")]
    private static partial void LogObserveFailed(ILogger logger, Exception exception);
}
