using Aimo.Data.Llm;
using StackExchange.Redis;

namespace Aimo.Data.Tests;

/// <summary>
/// The LLM health hash against a real redis-server: what its scripts write (the workers' side) is what
/// <see cref="LlmStatusQueries"/> shows the API and the admin.
/// </summary>
public sealed class LlmHealthHashTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Threshold = 3;
    private readonly LlmStatusQueries _queries = new(redis.Redis, new RateLimitLedger(redis.Redis));

    private IDatabase Db => redis.Redis.GetDatabase();

    /// <summary>Runs <see cref="LlmHealthHash.Record"/> as the workers do: 1 s first probe pause, 60 s at most.</summary>
    private async Task<long> RecordAsync(string outcome, string message = "", string status = "", bool probe = false) =>
        (long)(await Db.ScriptEvaluateAsync(LlmHealthHash.Record, [LlmHealthHash.Key],
            [outcome, message, status, Threshold, 1000, 60_000, probe ? "1" : "0"]))!;

    [Fact]
    public async Task Transient_failures_pause_at_the_threshold_as_an_outage_and_a_success_resumes()
    {
        await Db.KeyDeleteAsync(LlmHealthHash.Key);
        for (var i = 1; i < Threshold; i++)
        {
            Assert.Equal(0, await RecordAsync(LlmHealthHash.TransientOutcome, "HTTP 503", "503"));
        }
        Assert.False((await _queries.GetHealthAsync()).Paused);

        Assert.Equal(LlmHealthHash.PausedAfterRecord, await RecordAsync(LlmHealthHash.TransientOutcome, "HTTP 503: overloaded", "503"));

        var paused = await _queries.GetHealthAsync();
        Assert.Equal((LlmHealthHash.Paused, LlmHealthHash.OutageReason, "HTTP 503: overloaded", 503, Threshold),
            (paused.State, paused.Reason, paused.LastError, paused.LastStatus, paused.ConsecutiveFailures));
        Assert.NotNull(paused.Since);
        Assert.Equal(paused.Since!.Value.AddSeconds(1), paused.NextProbeAt);

        Assert.Equal(LlmHealthHash.ResumedByRecord, await RecordAsync(LlmHealthHash.SuccessOutcome));

        var resumed = await _queries.GetHealthAsync();
        Assert.Equal((LlmHealthHash.Ok, null, 0), (resumed.State, resumed.Reason, resumed.ConsecutiveFailures));
        Assert.Null(resumed.NextProbeAt);
        Assert.NotNull(resumed.ResumedAt);
    }

    [Fact]
    public async Task A_configuration_error_pauses_at_once_and_only_one_caller_gets_each_probe()
    {
        await Db.KeyDeleteAsync(LlmHealthHash.Key);

        Assert.Equal(LlmHealthHash.PausedAfterRecord, await RecordAsync(LlmHealthHash.ConfigurationOutcome, "HTTP 401: bad key", "401"));

        var paused = await _queries.GetHealthAsync();
        Assert.Equal((LlmHealthHash.Paused, LlmHealthHash.ConfigurationReason, 1), (paused.State, paused.Reason, paused.ConsecutiveFailures));
        await Db.HashSetAsync(LlmHealthHash.Key, LlmHealthHash.ProbeAtField, 0); // the probe is due now
        var grants = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            (long)(await Db.ScriptEvaluateAsync(LlmHealthHash.StartProbe, [LlmHealthHash.Key], [30_000]))!));
        Assert.Equal(1, grants.Count(g => g == 1));
    }

    [Fact]
    public async Task The_status_reports_how_often_the_models_calls_hit_their_output_cap()
    {
        await Db.KeyDeleteAsync(LlmHealthHash.Key);
        var model = $"cap-model-{Guid.NewGuid():N}";
        await Db.HashSetAsync(LlmHealthHash.Key, LlmHealthHash.ModelField, model);
        Assert.Null((await _queries.GetAsync()).OutputCap);

        var samples = new OutputSamples(redis.Redis);
        for (var i = 0; i < 8; i++)
        {
            await samples.RecordAsync(model, 40 + i, capHit: i % 4 == 0);
        }

        var cap = (await _queries.GetAsync()).OutputCap;
        Assert.Equal(new OutputCapCounts(8, 2), cap);
        Assert.Equal(0.25, cap!.CapHitShare);
    }
}
