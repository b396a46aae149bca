using System.Net;
using Aimo.Admin.Account;
using Aimo.Testing;
using CsCheck;
using Microsoft.Extensions.Options;
using Aimo.Data.Admin;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// The throttle's script in a real redis-server: counts, locks and their doubling per account and address pair, per
/// address, and per account (a ceiling far above the pair's).
/// </summary>
public sealed class SignInThrottleTests : IClassFixture<RedisServer>
{
    private static readonly IPAddress Office = IPAddress.Parse("203.0.113.7");
    private readonly RedisServer _redis;

    public SignInThrottleTests(RedisServer redis) => _redis = redis;

    private SignInThrottle Throttle(int pairFree = 5, int addressFree = 20, int accountFree = 100) => new(_redis.Redis, Options.Create(
        new SignInThrottleOptions
        {
            AccountAddressFreeAttempts = pairFree, AddressFreeAttempts = addressFree, AccountFreeAttempts = accountFree, BaseDelay = TimeSpan.FromSeconds(60),
        }));

    private static string NewAccount() => "acct-" + Guid.NewGuid().ToString("N")[..10];

    private static IPAddress NewAddress() => new(Guid.NewGuid().ToByteArray()[..4]);

    [Fact]
    public Task Every_failure_from_the_last_free_one_on_doubles_the_wait_up_to_the_maximum() =>
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 12]).SampleAsync(async (free, failures) =>
        {
            var throttle = new SignInThrottle(_redis.Redis, Options.Create(new SignInThrottleOptions
            {
                AccountAddressFreeAttempts = free, AddressFreeAttempts = 1000, AccountFreeAttempts = 1000, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(40),
            }));
            var (account, address) = (NewAccount(), NewAddress());
            for (var n = 1; n <= failures; n++)
            {
                var attempt = await throttle.BeginAsync(account, address);
                Assert.Null(attempt.Wait);
                var expected = n < free ? (TimeSpan?)null : TimeSpan.FromSeconds(Math.Min(40, Math.Pow(2, n - free)));
                Assert.Equal(expected, attempt.WaitIfFailed);
                await _redis.Redis.GetDatabase().KeyDeleteAsync(AdminKeys.SignInLock(SignInThrottle.PairSubject(account, address)));
            }
        }, iter: 60, threads: 1);

    [Fact]
    public async Task While_locked_attempts_are_refused_without_being_counted_and_only_from_that_address()
    {
        var throttle = Throttle(pairFree: 2);
        var account = NewAccount();
        Assert.Null((await throttle.BeginAsync(account, Office)).WaitIfFailed);
        Assert.Equal(TimeSpan.FromSeconds(60), (await throttle.BeginAsync(account, Office)).WaitIfFailed);

        var refused = await throttle.BeginAsync(account, Office);
        Assert.InRange(refused.Wait!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));
        Assert.Equal(0, refused.PairAttempts);
        // Names are not case-sensitive.
        Assert.NotNull((await throttle.BeginAsync(account.ToUpperInvariant(), Office)).Wait);
        // The lock is the pair's: the account from another address, and another account from this one, go on.
        var elsewhere = await throttle.BeginAsync(account, NewAddress());
        Assert.Null(elsewhere.Wait);
        Assert.Equal(3, elsewhere.AccountAttempts);
        Assert.Null((await throttle.BeginAsync(NewAccount(), Office)).Wait);
    }

    [Fact]
    public async Task Failures_from_many_addresses_past_the_accounts_ceiling_lock_the_account_for_every_address()
    {
        var throttle = Throttle(pairFree: 5, accountFree: 6);
        var account = NewAccount();
        for (var i = 1; i < 6; i++)
        {
            Assert.Null((await throttle.BeginAsync(account, NewAddress())).WaitIfFailed);
        }
        var sixth = await throttle.BeginAsync(account, NewAddress());
        Assert.Equal(6, sixth.AccountAttempts);
        Assert.Equal(1, sixth.PairAttempts);
        Assert.Equal(TimeSpan.FromSeconds(60), sixth.WaitIfFailed);

        Assert.NotNull((await throttle.BeginAsync(account, NewAddress())).Wait);
        Assert.Null((await throttle.BeginAsync(NewAccount(), NewAddress())).Wait);
    }

    [Fact]
    public async Task A_success_clears_its_pair_and_takes_its_attempt_off_the_address_and_the_account()
    {
        var throttle = Throttle(pairFree: 3, addressFree: 3);
        var account = NewAccount();
        var address = NewAddress();
        await throttle.BeginAsync(account, address);
        await throttle.BeginAsync(account, address);

        var good = await throttle.BeginAsync(account, address);
        Assert.NotNull(good.WaitIfFailed);
        await throttle.SucceededAsync(account, address);

        // The pair starts over; the address keeps its two failures and its lock (set by the third attempt).
        Assert.NotNull((await throttle.BeginAsync(account, address)).Wait);
        var elsewhere = await throttle.BeginAsync(account, NewAddress());
        Assert.Null(elsewhere.Wait);
        Assert.Equal(1, elsewhere.PairAttempts);
        Assert.Equal(3, elsewhere.AccountAttempts);
    }

    [Fact]
    public async Task Many_accounts_from_one_address_lock_the_address()
    {
        var throttle = Throttle(addressFree: 4);
        var address = NewAddress();
        for (var i = 1; i < 4; i++)
        {
            Assert.Null((await throttle.BeginAsync(NewAccount(), address)).WaitIfFailed);
        }
        Assert.NotNull((await throttle.BeginAsync(NewAccount(), address)).WaitIfFailed);
        Assert.NotNull((await throttle.BeginAsync(NewAccount(), address)).Wait);
        Assert.Null((await throttle.BeginAsync(NewAccount(), NewAddress())).Wait);
    }

    [Fact]
    public void An_ipv6_client_is_counted_by_its_64_bit_prefix_and_a_mapped_ipv4_as_ipv4()
    {
        Assert.Equal(SignInThrottle.AddressSubject(IPAddress.Parse("2001:db8:1:2:aaaa::1")),
            SignInThrottle.AddressSubject(IPAddress.Parse("2001:db8:1:2:bbbb::9")));
        Assert.NotEqual(SignInThrottle.AddressSubject(IPAddress.Parse("2001:db8:1:2::1")),
            SignInThrottle.AddressSubject(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal(SignInThrottle.AddressSubject(IPAddress.Parse("192.0.2.1")),
            SignInThrottle.AddressSubject(IPAddress.Parse("::ffff:192.0.2.1")));
    }
}
