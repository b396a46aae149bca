using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Aimo.Admin.Account;

/// <summary>
/// Checks every sign-in cookie against the current operators: the data-protection keys outlive restarts (they are in
/// Redis), so without this a cookie would stay good for its 12 sliding hours after its password was changed or its
/// account removed.
/// </summary>
public sealed class OperatorCookieEvents(OperatorDirectory operators, ILogger<OperatorCookieEvents> logger) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } user && !operators.IsCurrent(user))
        {
            AccountLog.Revoked(logger, AccountLog.Printable(user.Identity?.Name));
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
