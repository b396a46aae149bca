using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Aimo.Data.Admin;

namespace Aimo.Admin.Account;

/// <summary>The throttle's answer before a password is checked.</summary>
/// <param name="Wait">Set when the attempt is refused: how long until the next one may be made.</param>
/// <param name="WaitIfFailed">The wait that applies from now on if this attempt's password turns out wrong.</param>
public sealed record SignInAttempt(TimeSpan? Wait, TimeSpan? WaitIfFailed, long PairAttempts, long AddressAttempts, long AccountAttempts);

/// <summary>
/// Sign-in throttling per account and client address pair, per address and per account, in Redis so that every admin
/// replica counts the same attempts. The pair's lock is the one that stops guessing; the account's ceiling is far
/// higher, so an attacker rotating addresses locks out those addresses, not the operator. An attempt is counted before
/// its password is checked — in one atomic script with the lock check — so parallel guesses cannot slip past the limit;
/// a successful one is taken back off the counts.
/// </summary>
public sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<SignInThrottleOptions> options)
{
    // KEYS: pair attempts, pair lock, address attempts, address lock, account attempts, account lock.
    // ARGV: pair free attempts, address free attempts, account free attempts, base delay ms, max delay ms, window ms.
    // Returns {refused wait ms, wait-if-failed ms, pair attempts, address attempts, account attempts}.
    private const string BeginScript = """
        local wait = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[4]), redis.call('PTTL', KEYS[6]))
        if wait > 0 then
          return {wait, 0, 0, 0, 0}
        end
        local function count(attempts, lock, free)
          local n = redis.call('INCR', attempts)
          local ms = 0
          if n >= free then
            ms = math.floor(math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ math.min(n - free, 40)))
            redis.call('SET', lock, '1', 'PX', ms)
          end
          redis.call('PEXPIRE', attempts, tonumber(ARGV[6]) + ms)
          return n, ms
        end
        local pairAttempts, pairMs = count(KEYS[1], KEYS[2], tonumber(ARGV[1]))
        local addressAttempts, addressMs = count(KEYS[3], KEYS[4], tonumber(ARGV[2]))
        local accountAttempts, accountMs = count(KEYS[5], KEYS[6], tonumber(ARGV[3]))
        return {0, math.max(pairMs, addressMs, accountMs), pairAttempts, addressAttempts, accountAttempts}
        """;

    // KEYS: pair attempts, pair lock, address attempts, account attempts. The address and the account keep their
    // locks, if any: one good password must not clear the way for guesses at other accounts from the same address, nor
    // end a lock that an attack spread over many addresses earned.
    private const string SucceededScript = """
        redis.call('DEL', KEYS[1], KEYS[2])
        for i = 3, 4 do
          if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
            redis.call('DECR', KEYS[i])
          end
        end
        return 0
        """;

    /// <summary>Counts an attempt at <paramref name="account"/> from <paramref name="address"/>, or refuses it.</summary>
    /// <exception cref="RedisException">Redis is unavailable: the caller refuses the sign-in (fail closed).</exception>
    public async Task<SignInAttempt> BeginAsync(string account, IPAddress? address)
    {
        var o = options.Value;
        var (pair, addressSubject, accountSubject) = (PairSubject(account, address), AddressSubject(address), AccountSubject(account));
        var result = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(BeginScript,
            [AdminKeys.SignInAttempts(pair), AdminKeys.SignInLock(pair),
             AdminKeys.SignInAttempts(addressSubject), AdminKeys.SignInLock(addressSubject),
             AdminKeys.SignInAttempts(accountSubject), AdminKeys.SignInLock(accountSubject)],
            [o.AccountAddressFreeAttempts, o.AddressFreeAttempts, o.AccountFreeAttempts, (long)o.BaseDelay.TotalMilliseconds,
             (long)o.MaxDelay.TotalMilliseconds, (long)o.Window.TotalMilliseconds]))!;
        return new SignInAttempt(
            result[0] > 0 ? TimeSpan.FromMilliseconds(result[0]) : null,
            result[1] > 0 ? TimeSpan.FromMilliseconds(result[1]) : null,
            result[2], result[3], result[4]);
    }

    /// <summary>Clears the pair's count and lock and takes the attempt back off the address's and the account's counts.</summary>
    public async Task SucceededAsync(string account, IPAddress? address)
    {
        var pair = PairSubject(account, address);
        await redis.GetDatabase().ScriptEvaluateAsync(SucceededScript,
            [AdminKeys.SignInAttempts(pair), AdminKeys.SignInLock(pair),
             AdminKeys.SignInAttempts(AddressSubject(address)), AdminKeys.SignInAttempts(AccountSubject(account))]);
    }

    /// <summary>An account as typed at one client address (see <see cref="AccountSubject"/> and <see cref="AddressSubject"/>).</summary>
    public static string PairSubject(string account, IPAddress? address) => "pair:" + Digest($"{AccountName(account)}\n{AddressName(address)}");

    /// <summary>Names are case-insensitive; hashed, so any typed name makes a short, safe key.</summary>
    public static string AccountSubject(string account) => "account:" + Digest(AccountName(account));

    /// <summary>An IPv6 client is counted by its /64: one subscriber usually has a whole /64 to rotate through.</summary>
    public static string AddressSubject(IPAddress? address) => "address:" + Digest(AddressName(address));

    private static string AccountName(string account) => account.Trim().ToLowerInvariant();

    private static string AddressName(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }
        return address.ToString();
    }

    private static string Digest(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
