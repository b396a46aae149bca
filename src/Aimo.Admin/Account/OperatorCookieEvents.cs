using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using StackExchange.Redis;

namespace Aimo.Admin.Account;

/// <summary>
/// Sign-in cookies and their server-side sessions. Every sign-in (password or OpenID Connect) starts a session; every
/// request checks the cookie against the current operators — the data-protection keys outlive restarts (they are in
/// Redis), so without this a cookie would stay good after its password was changed or its account removed — and
/// against its session; sign-out ends the session.
/// </summary>
public sealed class OperatorCookieEvents(OperatorDirectory operators, OperatorSessions sessions, ILogger<OperatorCookieEvents> logger)
    : CookieAuthenticationEvents
{
    public override async Task SigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            await sessions.StartAsync(identity);
        }
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user)
        {
            return;
        }
        bool active;
        try
        {
            active = operators.IsCurrent(user) && await sessions.IsActiveAsync(user);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Fail closed, but keep the cookie: the session may well be good once Redis is back.
            AccountLog.SessionStoreUnavailable(logger, ex);
            context.RejectPrincipal();
            return;
        }
        if (!active)
        {
            AccountLog.Revoked(logger, AccountLog.Printable(user.Identity?.Name));
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public override Task SigningOut(CookieSigningOutContext context) => sessions.EndAsync(context.HttpContext.User);
}
