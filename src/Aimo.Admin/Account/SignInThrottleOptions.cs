using System.ComponentModel.DataAnnotations;

namespace Aimo.Admin.Account;

/// <summary>
/// How sign-in attempts are throttled, bound from <c>Admin:SignInThrottle</c>. Three counts: per account and client
/// address pair, per address (whatever the account) and per account (whatever the address). The first attempts of each
/// are free; from the last free one on, every failure makes that subject wait, twice as long each time
/// (<see cref="BaseDelay"/>, 2×, 4×, ... up to <see cref="MaxDelay"/>). Counts expire after <see cref="Window"/>
/// without attempts.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string SectionName = "Admin:SignInThrottle";

    /// <summary>
    /// Per account from one address: the lock that stops guessing. It locks only that address out of that account, so
    /// attacks from other addresses cannot lock its operator out.
    /// </summary>
    [Range(1, 1000)]
    public int AccountAddressFreeAttempts { get; set; } = 5;

    /// <summary>Higher than per pair: several operators may sign in from one office address.</summary>
    [Range(1, 100_000)]
    public int AddressFreeAttempts { get; set; } = 20;

    /// <summary>
    /// The account's ceiling, for an attack spread over more addresses than the pair lock can stop: far above the
    /// pair's, as reaching it locks the account for everyone.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AccountFreeAttempts { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
