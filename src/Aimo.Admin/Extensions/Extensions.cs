using Aimo.Admin.Account;
using Aimo.Data;
using Aimo.Data.Queries.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using MudBlazor.Services;
using StackExchange.Redis;
using Aimo.Data.Admin;

namespace Aimo.Admin.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis, the DbContext factory (one short-lived context per operation: circuits live long) and the shared queries.
        builder.AddAimoData();

        // Sign-in cookies and antiforgery tokens must survive an admin restart and work on every replica,
        // so the data-protection keys live in Redis rather than in the container's file system.
        // Encrypted with a certificate before they are stored: Redis and its append-only file never hold them in clear.
        builder.Services.AddDataProtection().SetApplicationName("aimo-admin").ProtectKeysAtRest(builder);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), AdminKeys.DataProtection));

        builder.AddOperatorSignIn();

        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        builder.Services.AddDashboardQueries();
        builder.AddDashboardServices();
        return builder;
    }
}
