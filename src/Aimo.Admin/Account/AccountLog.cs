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
        Message = "Failed sign-in for \"{UserName}\" from {Address}: {AccountAttempts} attempts at this account, {AddressAttempts} from this address")]
    public static partial void Failed(ILogger logger, string userName, IPAddress? address, long accountAttempts, long addressAttempts);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Sign-in for \"{UserName}\" from {Address} refused: throttled for {Seconds} s more")]
    public static partial void Throttled(ILogger logger, string userName, IPAddress? address, long seconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Sign-in refused: the throttle store (Redis) is unavailable")]
    public static partial void ThrottleUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "OpenID Connect user \"{UserName}\" is not an operator; sign-in refused")]
    public static partial void NotAnOperator(ILogger logger, string userName);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Sign-in of {Operator} revoked: the account was removed or its password changed")]
    public static partial void Revoked(ILogger logger, string @operator);

    /// <summary>What may be logged of a typed user name.</summary>
    public static string Printable(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).Take(64).ToArray());
        return (name?.Length ?? 0) > 64 ? clean + "…" : clean;
    }
}
