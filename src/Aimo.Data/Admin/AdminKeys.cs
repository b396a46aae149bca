namespace Aimo.Data.Admin;

/// <summary>The admin UI's Redis layout: its data-protection key ring, its sign-in throttle and its sessions.</summary>
public static class AdminKeys
{
    /// <summary>The data-protection key ring (sign-in cookies, antiforgery), shared by every admin replica.</summary>
    public const string DataProtection = "aimo:admin:data-protection-keys";

    /// <summary>Every admin key (a Redis glob): only the admin's Redis user may touch them.</summary>
    public const string Pattern = "aimo:admin:*";

    /// <summary>Prefix of every sign-in throttle key.</summary>
    public const string SignInThrottlePrefix = "aimo:admin:signin:";

    /// <summary>
    /// Recent sign-in attempts of one subject (<c>pair:&lt;hash&gt;</c> for an account from an address,
    /// <c>account:&lt;hash&gt;</c> or <c>address:&lt;hash&gt;</c>): an integer
    /// that expires a window after the last attempt. Successful attempts are taken back off the count.
    /// </summary>
    public static string SignInAttempts(string subject) => $"{SignInThrottlePrefix}{subject}:attempts";

    /// <summary>Present (with a TTL) while the subject must wait before its next sign-in attempt.</summary>
    public static string SignInLock(string subject) => $"{SignInThrottlePrefix}{subject}:lock";

    /// <summary>
    /// A signed-in operator's session, named by the session id in their cookie: present (holding the operator's name)
    /// until sign-out deletes it or its absolute lifetime runs out. A cookie whose session is gone lets nobody in.
    /// </summary>
    public static string Session(string sessionId) => $"aimo:admin:session:{sessionId}";
}
