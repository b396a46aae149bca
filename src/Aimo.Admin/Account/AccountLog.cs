using System.Net;

namespace Aimo.Admin.Account;

/// <summary>
/// Sign-in events. The entered password is never logged; the entered name is, shortened and stripped of control
/// characters (someone may type a password into the name field, or try to forge log lines).
/// </summary>
internal static partial class AccountLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Operator {Operator} signed in from {Address} ({Method})")]
    public static partial void SignedIn(ILogger logger, string @operator, IPAddress? address, string method);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Failed sign-in for \"{UserName}\" from {Address}: {PairAttempts} attempts at this account from this address, " +
            "{AddressAttempts} from this address, {AccountAttempts} at this account")]
    public static partial void Failed(ILogger logger, string userName, IPAddress? address, long pairAttempts, long addressAttempts, long accountAttempts);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Sign-in for \"{UserName}\" from {Address} refused: throttled for {Seconds} s more")]
    public static partial void Throttled(ILogger logger, string userName, IPAddress? address, long seconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Sign-in refused: the throttle store (Redis) is unavailable")]
    public static partial void ThrottleUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "OpenID Connect user \"{UserName}\" (subjects {Subjects}) is not an operator; sign-in refused")]
    public static partial void NotAnOperator(ILogger logger, string userName, string subjects);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "Sign-in of {Operator} refused: signed out, session past its lifetime, or the account was removed or its password changed")]
    public static partial void Revoked(ILogger logger, string @operator);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Sign-in cookie refused: the session store (Redis) is unavailable")]
    public static partial void SessionStoreUnavailable(ILogger logger, Exception exception);

    /// <summary>What may be logged of a typed user name.</summary>
    public static string Printable(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).Take(64).ToArray());
        return (name?.Length ?? 0) > 64 ? clean + "…" : clean;
    }
}
