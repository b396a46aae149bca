using Aimo.Admin.Account;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Aimo.Admin.Tests.Account;

public sealed class AdminOptionsValidatorTests
{
    private static readonly string Hash = OperatorDirectory.Hash("some-password-1");

    private static string[] Failures(AdminOptions options) =>
        new AdminOptionsValidator(new HostingEnvironment { EnvironmentName = Environments.Production }).Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void Nobody_able_to_sign_in_stops_the_admin_at_start()
    {
        Assert.Contains("No operator can sign in", Assert.Single(Failures(new AdminOptions())));
    }

    [Fact]
    public void One_operator_or_oidc_alone_is_enough()
    {
        Assert.Empty(Failures(new AdminOptions { Operators = $"alice:{Hash}" }));
        Assert.Empty(Failures(new AdminOptions
        {
            Oidc = new OidcOptions { Authority = "https://login.microsoftonline.com/t/v2.0", ClientId = "id", Operators = "a=email:a@example.com" },
        }));
    }

    [Fact]
    public void A_half_configured_oidc_says_what_is_missing()
    {
        var failures = Failures(new AdminOptions { Operators = $"alice:{Hash}", Oidc = new OidcOptions { Authority = "http://login.example.com" } });

        Assert.Contains(failures, f => f.Contains("ClientId is required"));
        Assert.Contains(failures, f => f.Contains("Operators lists nobody"));
        Assert.Contains(failures, f => f.Contains("must be an https URL"));
    }

    [Fact]
    public void An_oidc_list_of_user_names_stops_the_admin_at_start_and_says_how_to_name_subjects()
    {
        var failures = Failures(new AdminOptions
        {
            Oidc = new OidcOptions { Authority = "https://login.microsoftonline.com/t/v2.0", ClientId = "id", Operators = "dana@example.com" },
        });

        var failure = Assert.Single(failures);
        Assert.Contains("Admin:Oidc:Operators", failure);
        Assert.Contains("<tenant-id>:<object-id>", failure);
    }
}
