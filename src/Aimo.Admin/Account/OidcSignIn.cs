using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Aimo.Admin.Account;

internal static class OidcSignIn
{
    /// <summary>
    /// Sign-in through an OpenID Connect provider (authorization code flow with PKCE). Only users listed in
    /// <see cref="OidcOptions.Operators"/> get in; their cookie carries the name the provider vouches for, which the
    /// audit log then records.
    /// </summary>
    public static AuthenticationBuilder AddOperatorOidc(this AuthenticationBuilder auth, OidcOptions oidc) =>
        auth.AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, options =>
        {
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = "code";
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.MapInboundClaims = false;
            options.Scope.Add("email");
            options.Events.OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var name = principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue("email") ?? principal.FindFirstValue("upn");
                if (name is null || !oidc.OperatorNames.Contains(name))
                {
                    var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn));
                    AccountLog.NotAnOperator(logger, AccountLog.Printable(name));
                    context.Fail("Not an operator.");
                    return Task.CompletedTask;
                }
                // Only what the app needs goes into the cookie: the name and how it was vouched for.
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, name), new Claim(OperatorClaims.Method, OperatorClaims.Oidc)],
                    CookieAuthenticationDefaults.AuthenticationScheme));
                return Task.CompletedTask;
            };
            options.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect($"{AccountEndpoints.LoginPage}?error=oidc");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
}
