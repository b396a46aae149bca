using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Account;

internal static class AccountExtensions
{
    private static readonly string[] ProbePaths =
        [Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath];

    /// <summary>
    /// Operators from configuration, throttled sign-in, sign-in cookies checked on every request against the operators
    /// and their server-side session (in circuits too), optional OIDC.
    /// </summary>
    public static IHostApplicationBuilder AddOperatorSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminSessionOptions>().BindConfiguration(AdminSessionOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OperatorDirectory>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<OperatorSessions>();
        builder.Services.AddScoped<OperatorCookieEvents>();
        builder.Services.AddScoped<AuthenticationStateProvider, OperatorCircuitRevalidation>();

        var oidc = builder.Configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>()?.Oidc ?? new OidcOptions();
        var auth = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = AccountEndpoints.LoginPage;
                options.Cookie.Name = "aimo.admin";
                options.Cookie.HttpOnly = true;
                // Strict would hide the cookie on the redirect that ends an OIDC sign-in (it starts at the provider's
                // site); forms are covered by antiforgery tokens either way.
                options.Cookie.SameSite = oidc.Enabled ? SameSiteMode.Lax : SameSiteMode.Strict;
                options.SlidingExpiration = true;
                options.EventsType = typeof(OperatorCookieEvents);
            });
        // The idle timeout; the absolute lifetime is the session's (OperatorSessions).
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AdminSessionOptions>>((cookie, session) => cookie.ExpireTimeSpan = session.Value.IdleTimeout);
        if (oidc.Enabled)
        {
            auth.AddOperatorOidc(oidc);
        }

        builder.Services.AddAuthorizationBuilder()
            // Every endpoint without its own policy needs a signed-in operator, except the health probes
            // that ServiceDefaults maps (the AppHost polls them anonymously).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context =>
                    context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && ProbePaths.Contains(http.Request.Path.Value)))
                .Build());
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }
}
