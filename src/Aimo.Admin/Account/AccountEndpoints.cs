using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace Aimo.Admin.Account;

/// <summary>Sign-in and sign-out. Form posts, so the antiforgery middleware validates the token.</summary>
public static class AccountEndpoints
{
    public const string LoginPage = "/login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").WithTags("Account");
        group.MapPost("/login", SignInAsync).AllowAnonymous();
        group.MapGet("/login/oidc", ChallengeOidc).AllowAnonymous();
        group.MapPost("/logout", (Delegate)SignOutAsync);
        return app;
    }

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, OperatorDirectory operators, SignInThrottle throttle, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AccountEndpoints));
        var name = username?.Trim() ?? "";
        var address = http.Connection.RemoteIpAddress;
        var back = SafeReturnUrl(returnUrl);
        SignInAttempt attempt;
        try
        {
            attempt = await throttle.BeginAsync(name, address);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Fail closed: without the shared counts there is no limit on guessing.
            AccountLog.ThrottleUnavailable(logger, ex);
            return Back(back, "error=unavailable");
        }
        if (attempt.Wait is { } wait)
        {
            AccountLog.Throttled(logger, AccountLog.Printable(name), address, Seconds(wait));
            return TryAgainLater(http, back, wait);
        }
        if (operators.Verify(name, password) is not { } account)
        {
            AccountLog.Failed(logger, AccountLog.Printable(name), address, attempt.PairAttempts, attempt.AddressAttempts, attempt.AccountAttempts);
            return attempt.WaitIfFailed is { } next ? TryAgainLater(http, back, next) : Back(back, "error=1");
        }
        await throttle.SucceededAsync(name, address);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.Name),
            new Claim(OperatorClaims.Method, OperatorClaims.Password),
            new Claim(OperatorClaims.Stamp, account.Stamp),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        AccountLog.SignedIn(logger, account.Name, address, OperatorClaims.Password);
        return TypedResults.LocalRedirect(back);
    }

    private static ChallengeHttpResult ChallengeOidc(string? returnUrl) =>
        TypedResults.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OidcOptions.Scheme]);

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(LoginPage);
    }

    /// <summary>Back to the form with "try again in N s"; <c>Retry-After</c> says the same to scripts.</summary>
    private static RedirectHttpResult TryAgainLater(HttpContext http, string back, TimeSpan wait)
    {
        var seconds = Seconds(wait).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.RetryAfter = seconds;
        return Back(back, $"retryAfter={seconds}");
    }

    private static RedirectHttpResult Back(string returnUrl, string query) =>
        TypedResults.LocalRedirect($"{LoginPage}?{query}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    private static long Seconds(TimeSpan wait) => (long)Math.Ceiling(wait.TotalSeconds);

    /// <summary>
    /// Only local paths, so the login form cannot be used as an open redirect. Control characters are refused too:
    /// browsers drop a tab, turning "/\t/evil.example" into "//evil.example".
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
