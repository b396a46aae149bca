using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Aimo.Admin.Account;

internal static class OidcSignIn
{
    /// <summary>
    /// Sign-in through an OpenID Connect provider (authorization code flow with PKCE). Only the subjects listed in
    /// <see cref="OidcOptions.Operators"/> get in — matched on what the provider never reassigns, not on user names;
    /// their cookie carries the name listed for them, which the audit log then records.
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
                var token = context.Principal!;
                var operators = context.HttpContext.RequestServices.GetRequiredService<OperatorDirectory>();
                if (operators.FindOidcOperator(token) is not { } listed)
                {
                    var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn));
                    var name = token.FindFirstValue("preferred_username") ?? token.FindFirstValue("email");
                    AccountLog.NotAnOperator(logger, AccountLog.Printable(name), string.Join(", ", OidcOperator.SubjectsOf(token)));
                    context.Fail("Not an operator.");
                    return Task.CompletedTask;
                }
                // Only what the app needs goes into the cookie: the listed name and subject, and how they were vouched for.
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.Name, listed.Name),
                        new Claim(OperatorClaims.Method, OperatorClaims.Oidc),
                        new Claim(OperatorClaims.Subject, listed.Subject),
                    ],
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
