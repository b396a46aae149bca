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
public sealed record SignInAttempt(TimeSpan? Wait, TimeSpan? WaitIfFailed, long AccountAttempts, long AddressAttempts);

/// <summary>
/// Sign-in throttling per account and per client address, in Redis so that every admin replica counts the same
/// attempts. An attempt is counted before its password is checked — in one atomic script with the lock check — so
/// parallel guesses cannot slip past the limit; a successful one is taken back off the counts.
/// </summary>
public sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<SignInThrottleOptions> options)
{
    // KEYS: account attempts, account lock, address attempts, address lock.
    // ARGV: account free attempts, address free attempts, base delay ms, max delay ms, window ms.
    // Returns {refused wait ms, wait-if-failed ms, account attempts, address attempts}.
    private const string BeginScript = """
        local wait = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[4]))
        if wait > 0 then
          return {wait, 0, 0, 0}
        end
        local function count(attempts, lock, free)
          local n = redis.call('INCR', attempts)
          local ms = 0
          if n >= free then
            ms = math.floor(math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(n - free, 40)))
            redis.call('SET', lock, '1', 'PX', ms)
          end
          redis.call('PEXPIRE', attempts, tonumber(ARGV[5]) + ms)
          return n, ms
        end
        local accountAttempts, accountMs = count(KEYS[1], KEYS[2], tonumber(ARGV[1]))
        local addressAttempts, addressMs = count(KEYS[3], KEYS[4], tonumber(ARGV[2]))
        return {0, math.max(accountMs, addressMs), accountAttempts, addressAttempts}
        """;

    // KEYS: account attempts, account lock, address attempts. The address keeps its lock, if any: one good password
    // must not clear the way for guesses at other accounts from the same address.
    private const string SucceededScript = """
        redis.call('DEL', KEYS[1], KEYS[2])
        if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then
          redis.call('DECR', KEYS[3])
        end
        return 0
        """;

    /// <summary>Counts an attempt at <paramref name="account"/> from <paramref name="address"/>, or refuses it.</summary>
    /// <exception cref="RedisException">Redis is unavailable: the caller refuses the sign-in (fail closed).</exception>
    public async Task<SignInAttempt> BeginAsync(string account, IPAddress? address)
    {
        var o = options.Value;
        var (accountSubject, addressSubject) = (AccountSubject(account), AddressSubject(address));
        var result = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(BeginScript,
            [AdminKeys.SignInAttempts(accountSubject), AdminKeys.SignInLock(accountSubject),
             AdminKeys.SignInAttempts(addressSubject), AdminKeys.SignInLock(addressSubject)],
            [o.AccountFreeAttempts, o.AddressFreeAttempts, (long)o.BaseDelay.TotalMilliseconds,
             (long)o.MaxDelay.TotalMilliseconds, (long)o.Window.TotalMilliseconds]))!;
        return new SignInAttempt(
            result[0] > 0 ? TimeSpan.FromMilliseconds(result[0]) : null,
            result[1] > 0 ? TimeSpan.FromMilliseconds(result[1]) : null,
            result[2], result[3]);
    }

    /// <summary>Clears the account's count and lock and takes the attempt back off the address's count.</summary>
    public async Task SucceededAsync(string account, IPAddress? address)
    {
        var (accountSubject, addressSubject) = (AccountSubject(account), AddressSubject(address));
        await redis.GetDatabase().ScriptEvaluateAsync(SucceededScript,
            [AdminKeys.SignInAttempts(accountSubject), AdminKeys.SignInLock(accountSubject), AdminKeys.SignInAttempts(addressSubject)]);
    }

    /// <summary>Names are case-insensitive; hashed, so any typed name makes a short, safe key.</summary>
    public static string AccountSubject(string account) => "account:" + Digest(account.Trim().ToLowerInvariant());

    /// <summary>An IPv6 client is counted by its /64: one subscriber usually has a whole /64 to rotate through.</summary>
    public static string AddressSubject(IPAddress? address)
    {
        if (address is null)
        {
            return "address:unknown";
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
        return "address:" + Digest(address.ToString());
    }

    private static string Digest(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
