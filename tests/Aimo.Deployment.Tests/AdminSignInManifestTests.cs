using Aimo.Core;
using static Aimo.Deployment.Tests.ManifestAssertions;

namespace Aimo.Deployment.Tests;

/// <summary>How the deployed admin UI lets operators in: password accounts always, OpenID Connect when asked for.</summary>
public sealed class AdminSignInManifestTests
{
    private const string OidcSwitch = "--Aimo:AdminOidc=true";

    private static readonly string[] OidcParameters =
        [ResourceNames.AdminOidcAuthority, ResourceNames.AdminOidcClientId, ResourceNames.AdminOidcClientSecret, ResourceNames.AdminOidcOperators];

    [Fact]
    public async Task Without_the_switch_there_is_no_oidc_parameter_to_ask_for()
    {
        var manifest = await PublishedManifest.ForAsync();

        Assert.All(OidcParameters, name => Assert.Null(manifest.Resources[name]));
        Assert.DoesNotContain("Admin__Oidc__", manifest.Resource(ResourceNames.Admin).ToJsonString());
    }

    [Theory]
    [InlineData(ResourceNames.AdminOidcAuthority, "Admin__Oidc__Authority", false)]
    [InlineData(ResourceNames.AdminOidcClientId, "Admin__Oidc__ClientId", false)]
    [InlineData(ResourceNames.AdminOidcClientSecret, "Admin__Oidc__ClientSecret", true)]
    [InlineData(ResourceNames.AdminOidcOperators, "Admin__Oidc__Operators", false)]
    public async Task With_the_switch_azd_asks_for_each_oidc_parameter_and_the_admin_gets_it(string parameter, string variable, bool secret)
    {
        var manifest = await PublishedManifest.ForAsync(OidcSwitch);

        var resource = manifest.Resource(parameter);
        if (secret)
        {
            AssertSecretParameter(resource, parameter);
        }
        else
        {
            Assert.Equal("parameter.v0", resource.Type());
            Assert.False(resource["inputs"]?["value"]?["secret"]?.GetValue<bool>() ?? false);
        }
        Assert.Equal($"{{{parameter}.value}}", manifest.Resource(ResourceNames.Admin).Env(variable));
    }

    [Fact]
    public async Task The_admin_takes_the_client_address_from_the_container_apps_ingress()
    {
        var manifest = await PublishedManifest.ForAsync();

        // Sign-in throttling per client address and https redirect URIs need X-Forwarded-For/-Proto behind the ingress;
        // without them every client would share the ingress's address, and one attacker would lock everyone out.
        Assert.Equal("true", manifest.Resource(ResourceNames.Admin).Env("ASPNETCORE_FORWARDEDHEADERS_ENABLED"));
    }
}
