using System.ComponentModel.DataAnnotations;

namespace Aimo.Admin.Account;

/// <summary>
/// How sign-in attempts are throttled, bound from <c>Admin:SignInThrottle</c>. Per account and per client address:
/// the first attempts are free; from the last free one on, every failure makes the subject wait, twice as long each
/// time (<see cref="BaseDelay"/>, 2×, 4×, ... up to <see cref="MaxDelay"/>). Counts expire after <see cref="Window"/>
/// without attempts.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string SectionName = "Admin:SignInThrottle";

    [Range(1, 1000)]
    public int AccountFreeAttempts { get; set; } = 5;

    /// <summary>Higher than per account: several operators may sign in from one office address.</summary>
    [Range(1, 100_000)]
    public int AddressFreeAttempts { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
