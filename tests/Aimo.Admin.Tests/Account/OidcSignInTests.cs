using System.Net;
using Aimo.Admin.Account;
using Aimo.Testing;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// The admin in memory with OpenID Connect configured: the sign-in page offers the provider and the challenge sends
/// the browser there (code flow with PKCE). The provider's metadata is given in-process: no network in tests.
/// </summary>
public sealed class OidcSignInTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string AuthorizeEndpoint = "https://login.example.test/tenant/oauth2/v2.0/authorize";

    // Any public type of the admin's assembly names its entry point (Program is ambiguous here: the AppHost has one too).
    private WebApplicationFactory<OperatorDirectory> Admin(bool oidc) => new WebApplicationFactory<OperatorDirectory>().WithWebHostBuilder(host =>
    {
        host.UseEnvironment("Development");
        host.UseSetting("ConnectionStrings:redis", redis.Redis.Configuration);
        host.UseSetting("ConnectionStrings:aimodb", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none");
        host.UseSetting("Admin:Operators", "alice:" + OperatorDirectory.Hash("alice-password-1"));
        if (oidc)
        {
            host.UseSetting("Admin:Oidc:Authority", "https://login.example.test/tenant/v2.0");
            host.UseSetting("Admin:Oidc:ClientId", "aimo-admin");
            host.UseSetting("Admin:Oidc:ClientSecret", "not-a-real-secret");
            host.UseSetting("Admin:Oidc:Operators", "dana@example.com");
        }
        host.ConfigureTestServices(services => services.PostConfigure<OpenIdConnectOptions>(OidcOptions.Scheme, options =>
        {
            var metadata = new OpenIdConnectConfiguration { AuthorizationEndpoint = AuthorizeEndpoint, Issuer = "https://login.example.test/tenant/v2.0" };
            options.Configuration = metadata;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
        }));
    });

    [Fact]
    public async Task With_oidc_configured_the_sign_in_page_offers_the_provider_and_the_challenge_goes_there()
    {
        await using var admin = Admin(oidc: true);
        using var client = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/login");
        Assert.Contains("login-oidc", page);
        Assert.Contains("Sign in with Microsoft Entra ID", page);

        using var challenge = await client.GetAsync("/account/login/oidc?returnUrl=%2Fbatches");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!.ToString();
        Assert.StartsWith(AuthorizeEndpoint + "?", location);
        Assert.Contains("client_id=aimo-admin", location);
        Assert.Contains("response_type=code", location);
        Assert.Contains("code_challenge_method=S256", location);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString("http://localhost/signin-oidc"), location);
    }

    [Fact]
    public async Task Without_oidc_there_is_no_provider_to_sign_in_with()
    {
        await using var admin = Admin(oidc: false);
        using var client = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.DoesNotContain("login-oidc", await client.GetStringAsync("/login"));
    }
}
