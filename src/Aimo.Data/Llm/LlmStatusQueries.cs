using System.Globalization;
using StackExchange.Redis;
using static Aimo.Data.Llm.LlmHealthHash;

namespace Aimo.Data.Llm;

/// <summary>Reads the provider health the workers share (<see cref="LlmHealthHash"/>) and its rate limits.</summary>
public sealed class LlmStatusQueries(IConnectionMultiplexer redis, RateLimitLedger rateLimits)
{
    /// <summary>The provider's health with the rate limits the workers share for it and how often calls hit their output cap.</summary>
    public async Task<LlmStatusView> GetAsync()
    {
        var (health, provider) = await ReadHealthAsync();
        if (health.Model is not { } model)
        {
            return health;
        }
        var limits = provider is not null ? await rateLimits.SnapshotAsync(provider, model) : null;
        var (calls, capHits) = await new OutputSamples(redis).CountsAsync(model);
        return health with
        {
            RateLimits = limits is null or { Requests: null, Tokens: null } ? null : limits,
            OutputCap = calls == 0 ? null : new OutputCapCounts(calls, capHits),
        };
    }

    /// <summary>
    /// The provider's health alone, without the rate limits (which move with every call): what changes only when the
    /// provider's state, its last error or the model does.
    /// </summary>
    public async Task<LlmStatusView> GetHealthAsync() => (await ReadHealthAsync()).Health;

    private async Task<(LlmStatusView Health, string? Provider)> ReadHealthAsync()
    {
        var fields = (await redis.GetDatabase().HashGetAllAsync(Key)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        string? Text(string name) => fields.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
        DateTimeOffset? At(string name) => long.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        int? Int(string name) => int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        decimal? Dec(string name) => decimal.TryParse(Text(name), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
        var paused = Text(StateField) == Paused;
        var health = new LlmStatusView(paused ? Paused : Ok, paused ? Text(ReasonField) : null, paused ? At(SinceField) : null,
            Text(LastErrorField), Int(LastStatusField), At(LastFailureAtField), Int(ConsecutiveFailuresField) ?? 0,
            paused ? At(ProbeAtField) : null, At(ResumedAtField),
            Text(ModelField), Text(PricedAsField), Text(PriceSourceField), Dec(InputPerMillionField), Dec(OutputPerMillionField));
        return (health, Text(ProviderField));
    }
}
