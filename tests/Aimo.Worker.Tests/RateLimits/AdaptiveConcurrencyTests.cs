using Aimo.Worker.Llm.RateLimits;
using Aimo.Worker.Options;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Worker.Tests.RateLimits;

/// <summary>The consumer's AIMD concurrency: grows while the provider has room, holds at the rate limit, halves on 429.</summary>
public sealed class AdaptiveConcurrencyTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider _time = new();

    private AdaptiveConcurrency Create(int initial = 4, int max = 64) =>
        new(Microsoft.Extensions.Options.Options.Create(new WorkerOptions { Concurrency = initial, MaxConcurrency = max }), _time);

    /// <summary>Fills every slot, then answers one round of calls (one per slot), each admitted after <paramref name="wait"/>.</summary>
    private static async Task RoundAsync(AdaptiveConcurrency concurrency, TimeSpan wait, TimeSpan latency)
    {
        while (concurrency.InFlight < concurrency.Limit)
        {
            await concurrency.WaitAsync(CancellationToken.None);
        }
        var calls = concurrency.Limit;
        for (var i = 0; i < calls; i++)
        {
            concurrency.RecordAdmission(wait);
            concurrency.RecordAnswer(latency);
            concurrency.Release();
            await concurrency.WaitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Grows_by_one_slot_per_round_while_calls_are_admitted_at_once_and_latency_is_steady()
    {
        var concurrency = Create();
        for (var round = 0; round < 10; round++)
        {
            await RoundAsync(concurrency, TimeSpan.Zero, Latency);
        }
        Assert.InRange(concurrency.Limit, 12, 14);
    }

    [Fact]
    public async Task Holds_once_calls_wait_for_rate_capacity()
    {
        var concurrency = Create();
        await RoundAsync(concurrency, TimeSpan.Zero, Latency);
        var reached = concurrency.Limit;
        for (var round = 0; round < 10; round++)
        {
            await RoundAsync(concurrency, TimeSpan.FromMilliseconds(300), Latency);
        }
        Assert.Equal(reached, concurrency.Limit);
    }

    [Fact]
    public async Task Holds_while_latency_climbs_well_above_the_lowest_seen()
    {
        var concurrency = Create();
        await RoundAsync(concurrency, TimeSpan.Zero, Latency);
        for (var i = 0; i < 10; i++)
        {
            await RoundAsync(concurrency, TimeSpan.Zero, Latency * 3);
        }
        Assert.InRange(concurrency.Limit, 5, 6);
    }

    [Fact]
    public async Task Does_not_grow_while_slots_stand_idle()
    {
        var concurrency = Create();
        for (var i = 0; i < 50; i++)
        {
            await concurrency.WaitAsync(CancellationToken.None);
            concurrency.RecordAdmission(TimeSpan.Zero);
            concurrency.RecordAnswer(Latency);
            concurrency.Release();
        }
        Assert.Equal(4, concurrency.Limit);
    }

    [Fact]
    public async Task Halves_on_a_429_once_per_round_trip_and_never_below_one_slot()
    {
        var concurrency = Create(initial: 16);
        await RoundAsync(concurrency, TimeSpan.Zero, Latency);
        var before = concurrency.Limit;

        // A burst of 429s from the calls already in flight counts once.
        for (var i = 0; i < 5; i++)
        {
            concurrency.RecordRateLimited();
        }
        Assert.Equal(before / 2, concurrency.Limit);

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(Latency + TimeSpan.FromMilliseconds(1));
            concurrency.RecordRateLimited();
        }
        Assert.Equal(1, concurrency.Limit);
    }

    [Fact]
    public async Task Never_grows_past_the_ceiling()
    {
        var concurrency = Create(initial: 2, max: 5);
        for (var round = 0; round < 20; round++)
        {
            await RoundAsync(concurrency, TimeSpan.Zero, Latency);
        }
        Assert.Equal(5, concurrency.Limit);
    }

    [Fact]
    public async Task A_full_consumer_waits_for_a_slot_and_gets_one_when_a_batch_ends()
    {
        var concurrency = Create(initial: 1);
        await concurrency.WaitAsync(CancellationToken.None);
        var next = concurrency.WaitAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        concurrency.Release();
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, concurrency.InFlight);
    }
}
