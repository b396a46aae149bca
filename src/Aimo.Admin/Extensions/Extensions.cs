using Aimo.Admin.Account;
using Aimo.Data;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using MudBlazor.Services;

namespace Aimo.Admin.Extensions;

public static class Extensions
{
    private static readonly string[] ProbePaths = ["/health", "/alive"];
    private const string DataProtectionKeysKey = "aimo:admin:data-protection-keys";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis, the DbContext factory (one short-lived context per operation: circuits live long) and the shared queries.
        builder.AddAimoData();

        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Sign-in cookies and antiforgery tokens must survive an admin restart and work on every replica,
        // so the data-protection keys live in Redis rather than in the container's file system.
        builder.Services.AddDataProtection().SetApplicationName("aimo-admin");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysKey));

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = AccountEndpoints.LoginPage;
                options.Cookie.Name = "aimo.admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
            });
        builder.Services.AddAuthorizationBuilder()
            // Every endpoint without its own policy needs a signed-in operator, except the health probes
            // that ServiceDefaults maps (the AppHost polls them anonymously).
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAssertion(context =>
                    context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && ProbePaths.Contains(http.Request.Path.Value)))
                .Build());
        builder.Services.AddCascadingAuthenticationState();

        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        builder.Services.AddDashboardQueries();
        builder.AddDashboardServices();
        return builder;
    }
}
