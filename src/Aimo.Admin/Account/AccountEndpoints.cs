using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Account;

/// <summary>Sign-in and sign-out. Form posts, so the antiforgery middleware validates the token.</summary>
public static class AccountEndpoints
{
    public const string LoginPage = "/login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").WithTags("Account");
        group.MapPost("/login", SignInAsync).AllowAnonymous();
        group.MapPost("/logout", (Delegate)SignOutAsync);
        return app;
    }

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, IOptions<AdminOptions> options, ILoggerFactory loggers)
    {
        if (!CredentialCheck.Matches(options.Value, username, password))
        {
            loggers.CreateLogger("Aimo.Admin.Account").LogWarning("Failed sign-in for {Username}", username);
            return TypedResults.LocalRedirect($"{LoginPage}?error=1&returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, options.Value.Username)], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(LoginPage);
    }

    /// <summary>Only local paths, so the login form cannot be used as an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
