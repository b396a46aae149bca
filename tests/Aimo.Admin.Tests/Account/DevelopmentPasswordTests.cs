using Aimo.Admin.Account;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Tests.Account;

/// <summary>The admin account of the AppHost's appsettings.Development.json signs in only in Development.</summary>
public sealed class DevelopmentPasswordTests
{
    private const string DevPassword = "dev-admin-password-change-me";

    private static AdminOptions Resolve(string environment, string operators)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddOptions<AdminOptions>().Configure(o => o.Operators = operators);
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        return services.BuildServiceProvider().GetRequiredService<IOptions<AdminOptions>>().Value;
    }

    [Fact]
    public void The_development_password_stops_the_admin_outside_development()
    {
        var operators = $"alice:{OperatorDirectory.Hash("alice-real-password")},admin:{OperatorDirectory.Hash(DevPassword)}";

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(Environments.Production, operators));

        Assert.Contains("'admin' has the development password", error.Message);
    }

    [Fact]
    public void Real_passwords_start_in_production_and_the_development_password_in_development()
    {
        Assert.NotNull(Resolve(Environments.Production, $"alice:{OperatorDirectory.Hash("alice-real-password")}"));
        Assert.NotNull(Resolve(Environments.Development, $"admin:{OperatorDirectory.Hash(DevPassword)}"));
    }
}
