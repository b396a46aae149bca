using System.Diagnostics;
using Aimo.Data.Llm;
using StackExchange.Redis;

namespace Aimo.Data.Tests;

/// <summary>
/// The rate-limit scripts of <see cref="RateLimitLedger"/> against a real redis-server: replicas that send each call when
/// the ledger says never overdraw a provider's bucket, the provider's headers teach and correct the buckets, and static
/// limits cover providers that announce none.
/// </summary>
public sealed class RateLimitLedgerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Model = "gpt-test";
    private static readonly StaticRateLimits None = new(0, 0);
    private readonly RateLimitLedger _ledger = new(redis.Redis);

    /// <summary>A provider of its own per test, so tests never share buckets.</summary>
    private static string NewProvider() => $"llm-{Guid.NewGuid():N}.test:443";

    [Fact]
    public async Task Three_replicas_sending_when_told_never_overdraw_the_providers_buckets_and_are_not_held_back_beyond_the_limit()
    {
        const int rpm = 120, tpm = 60_000;
        // A call leaves a moment after it was charged; while a bucket is full the provider loses the refill of that
        // moment, so the ledger keeps refill spare: the worker's default second, which covers this busy machine's
        // delays between Redis answering and a replica going on.
        var reserve = TimeSpan.FromSeconds(1);
        var provider = NewProvider();
        var limits = new StaticRateLimits(rpm, tpm);
        var clock = Stopwatch.StartNew();
        var sends = new List<(double AtMs, long Tokens)>();
        // Three replicas, each with its own connection, charge 300 calls of 150..450 tokens as fast as they can: far
        // more than the 120 requests and 60,000 tokens a full minute's bucket holds.
        var replicas = await Task.WhenAll(Enumerable.Range(0, 3).Select(async replica =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Redis.Configuration);
            var ledger = new RateLimitLedger(connection);
            var random = new Random(replica);
            var mine = new List<(double, long)>();
            for (var i = 0; i < 100; i++)
            {
                var tokens = random.Next(150, 451);
                var charge = await ledger.ChargeAsync(provider, Model, limits, tokens, reserve);
                // The call leaves after its wait, counted from when the answer arrived (never earlier than told).
                mine.Add((clock.Elapsed.TotalMilliseconds + charge.Wait.TotalMilliseconds, tokens));
            }
            return mine;
        }));
        sends.AddRange(replicas.SelectMany(r => r));
        sends.Sort((a, b) => a.AtMs.CompareTo(b.AtMs));

        // The provider's side: buckets full at the start, refilled continuously, each send must find its units.
        var requests = new ReferenceBucket(rpm);
        var tokensBucket = new ReferenceBucket(tpm);
        foreach (var (at, tokens) in sends)
        {
            Assert.True(requests.TryTake(at, 1), $"a request sent at {at:0} ms found the request bucket empty");
            Assert.True(tokensBucket.TryTake(at, tokens), $"a request of {tokens} tokens sent at {at:0} ms found too few tokens");
        }

        // Not held back beyond what the limits require: the last call goes no later than the binding limit allows.
        var totalTokens = sends.Sum(s => s.Tokens);
        var required = Math.Max((sends.Count - rpm) * 60_000.0 / rpm, (totalTokens - tpm) * 60_000.0 / tpm);
        Assert.True(sends[^1].AtMs <= required + reserve.TotalMilliseconds + clock.Elapsed.TotalMilliseconds,
            $"the last call is scheduled at {sends[^1].AtMs:0} ms; the limits require {required:0} ms");
    }

    [Fact]
    public async Task Calls_go_unhindered_until_the_headers_announce_the_limits_and_then_wait_for_what_the_provider_says_is_left()
    {
        var provider = NewProvider();
        RateLimitCharge first = null!;
        for (var i = 0; i < 50; i++)
        {
            var charge = await _ledger.ChargeAsync(provider, Model, None, 1_000, TimeSpan.Zero);
            Assert.Equal(TimeSpan.Zero, charge.Wait);
            first ??= charge;
        }
        Assert.Equal(new RateLimitSnapshot(null, null), await _ledger.SnapshotAsync(provider, Model));

        // The first call's answer: the provider had 60 requests and 100,000 tokens a minute, and after that call
        // 59 and 99,000 left. 49 more calls were charged here after it.
        await _ledger.ObserveAsync(provider, Model, None, new RateLimitReport(60, 59, null, 100_000, 99_000, null), TimeSpan.Zero, first);

        var snapshot = await _ledger.SnapshotAsync(provider, Model);
        Assert.Equal(60, snapshot.Requests!.Limit);
        Assert.Equal(100_000, snapshot.Tokens!.Limit);
        // Ten requests were left then; one refills per second since (at 60 a minute), 1,667 tokens too.
        Assert.InRange(snapshot.Requests.Remaining, 10, 13);
        Assert.InRange(snapshot.Tokens.Remaining, 50_000, 55_000);
        Assert.InRange(snapshot.Requests.Utilization, 0.78, 0.84);

        // Twenty more requests: ten over what is left, so the last waits about ten seconds.
        RateLimitCharge last = null!;
        for (var i = 0; i < 20; i++)
        {
            last = await _ledger.ChargeAsync(provider, Model, None, 100, TimeSpan.Zero);
        }
        Assert.InRange(last.Wait, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Remaining_headers_alone_teach_a_limit_as_Azure_OpenAI_sends_them_and_a_fuller_bucket_raises_it()
    {
        var provider = NewProvider();
        var first = await _ledger.ChargeAsync(provider, Model, None, 1_000, TimeSpan.Zero);
        // Azure's answer has x-ratelimit-remaining-* only: the limit is at least what is left plus this call.
        await _ledger.ObserveAsync(provider, Model, None, new RateLimitReport(null, 58, null, null, 98_000, null), TimeSpan.Zero, first);
        var snapshot = await _ledger.SnapshotAsync(provider, Model);
        Assert.Equal(59, snapshot.Requests!.Limit);
        Assert.Equal(99_000, snapshot.Tokens!.Limit);

        // A later answer from a fuller bucket shows more room: the limit learned is the most ever seen.
        var second = await _ledger.ChargeAsync(provider, Model, None, 500, TimeSpan.Zero);
        await _ledger.ObserveAsync(provider, Model, None, new RateLimitReport(null, 59, null, null, 99_500, null), TimeSpan.Zero, second);
        snapshot = await _ledger.SnapshotAsync(provider, Model);
        Assert.Equal(60, snapshot.Requests!.Limit);
        Assert.Equal(100_000, snapshot.Tokens!.Limit);
    }

    [Fact]
    public async Task A_report_of_more_room_than_counted_here_does_not_raise_a_bucket()
    {
        var provider = NewProvider();
        var limits = new StaticRateLimits(100, 0);
        RateLimitCharge last = null!;
        for (var i = 0; i < 40; i++)
        {
            last = await _ledger.ChargeAsync(provider, Model, limits, 10, TimeSpan.Zero);
        }
        // An answer that left the provider's bucket full (sent before the others reached it): an earlier moment's view.
        await _ledger.ObserveAsync(provider, Model, limits, new RateLimitReport(100, 99, null, null, null, null), TimeSpan.Zero, last);

        Assert.InRange((await _ledger.SnapshotAsync(provider, Model)).Requests!.Remaining, 60, 65);
    }

    [Fact]
    public async Task Static_limits_apply_when_the_provider_announces_none_and_the_smaller_known_limit_wins()
    {
        var provider = NewProvider();
        var mark = await _ledger.ChargeAsync(provider, Model, new StaticRateLimits(500, 0), 10, TimeSpan.Zero);
        var snapshot = await _ledger.SnapshotAsync(provider, Model);
        Assert.Equal(500, snapshot.Requests!.Limit);
        Assert.Null(snapshot.Tokens);

        // The provider announces 300 requests and 40,000 tokens: 300 is below the configured 500, so it binds.
        await _ledger.ObserveAsync(provider, Model, new StaticRateLimits(500, 0), new RateLimitReport(300, 299, null, 40_000, 39_990, null), TimeSpan.Zero, mark);
        snapshot = await _ledger.SnapshotAsync(provider, Model);
        Assert.Equal(300, snapshot.Requests!.Limit);
        Assert.Equal(40_000, snapshot.Tokens!.Limit);

        // Configuration below the announced limit (a key shared with other applications) binds instead.
        await _ledger.ChargeAsync(provider, Model, new StaticRateLimits(200, 0), 10, TimeSpan.Zero);
        Assert.Equal(200, (await _ledger.SnapshotAsync(provider, Model)).Requests!.Limit);
    }

    [Fact]
    public async Task A_call_waits_for_the_reserve_as_well_so_a_late_send_still_finds_its_units()
    {
        // 60,000 tokens a minute (1,000 a second), 5 s of refill kept spare: after 59,000 tokens, a call of 10,000 is
        // 9,000 short, so it must wait 14 s less what refilled between the two charges.
        var provider = NewProvider();
        var limits = new StaticRateLimits(0, 60_000);
        var reserve = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        var before1 = clock.Elapsed;
        await _ledger.ChargeAsync(provider, Model, limits, 59_000, reserve);
        var after1 = clock.Elapsed;
        var wait = (await _ledger.ChargeAsync(provider, Model, limits, 10_000, reserve)).Wait;
        var after2 = clock.Elapsed;

        // Redis saw the charges at least (after1 − after1) and at most (after2 − before1) apart; a millisecond of rounding.
        var need = TimeSpan.FromSeconds(14);
        Assert.InRange(wait, need - (after2 - before1) - TimeSpan.FromMilliseconds(2), need + TimeSpan.FromMilliseconds(2));
    }

    /// <summary>The provider's bucket: full at the start, refilled continuously at limit per minute, never above the limit.</summary>
    private sealed class ReferenceBucket(long perMinute)
    {
        private double _level = perMinute;
        private double _at;

        public bool TryTake(double atMs, long amount)
        {
            _level = Math.Min(perMinute, _level + ((atMs - _at) * perMinute / 60_000.0));
            _at = atMs;
            // A thousandth of a unit for the scripts' rounding of stored levels.
            if (_level + 0.001 < amount)
            {
                return false;
            }
            _level -= amount;
            return true;
        }
    }
}
