using System.Net;
using Aimo.Admin.Account;
using Aimo.Testing;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// The admin in memory with OpenID Connect configured: the sign-in page offers the provider, the challenge sends the
/// browser there (code flow with PKCE), and the provider's callback signs in the subjects listed — under the name listed
/// for them — and no one else, whatever the token says its user is called.
/// The provider is <see cref="FakeOidcProvider"/>, in process: no identity provider can run here.
/// </summary>
public sealed class OidcSignInTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private const string EntraTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string EntraObject = "0b5e3f1c-2a7d-4c1e-9f3b-6d8a1e2c4b5a";

    // One operator per form of subject: issuer and sub, Entra tenant and object id, and a verified e-mail address.
    private const string Operators =
        $"dana={FakeOidcProvider.Issuer}|subject-dana, erin={EntraTenant}:{EntraObject}; frank=email:Frank@Example.com";
    private readonly FakeOidcProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    private WebApplicationFactory<OperatorDirectory> Admin(bool oidc) => InMemoryAdmin.Create(redis, oidc
        ? new Dictionary<string, string>
        {
            ["Admin:Oidc:Authority"] = FakeOidcProvider.Issuer,
            ["Admin:Oidc:ClientId"] = FakeOidcProvider.ClientId,
            ["Admin:Oidc:ClientSecret"] = "not-a-real-secret",
            ["Admin:Oidc:Operators"] = Operators,
        }
        : null, services => services.PostConfigure<OpenIdConnectOptions>(OidcOptions.Scheme, options =>
        {
            options.Configuration = _provider.Configuration;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(_provider.Configuration);
            options.Backchannel = new HttpClient(_provider, disposeHandler: false);
        }));

    /// <summary>Signs in through the provider as <paramref name="user"/>; the callback's answer.</summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient client, FakeOidcUser user)
    {
        _provider.User = user;
        using var challenge = await client.GetAsync("/account/login/oidc?returnUrl=%2Fbatches");
        var authorize = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        _provider.Nonce = authorize["nonce"];
        // What the provider's page posts back after the user signed in there (response_mode=form_post).
        return await client.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "authorization-code-1",
            ["state"] = authorize["state"]!,
        }));
    }

    // The correlation and nonce cookies are Secure: the browser, like this client, talks https to the admin.
    private static HttpClient HttpsClient(WebApplicationFactory<OperatorDirectory> admin) =>
        admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    [Fact]
    public async Task A_listed_subject_signs_in_under_the_name_listed_for_it_whatever_the_token_calls_it()
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        using var callback = await SignInThroughProviderAsync(client, new FakeOidcUser("subject-dana", PreferredUsername: "d.renamed@example.com"));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/batches", callback.Headers.Location!.OriginalString);
        Assert.Equal(1, _provider.TokenRequests);
        Assert.Equal($"dana|{OperatorClaims.Oidc}", await InMemoryAdmin.WhoAmIAsync(client));
    }

    [Fact]
    public async Task An_entra_user_is_matched_on_tenant_and_object_id_and_not_on_the_per_application_sub()
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        // Entra's sub differs per application; tid and oid are the user's everywhere. Upper case GUIDs match too.
        using var callback = await SignInThroughProviderAsync(client,
            new FakeOidcUser("pairwise-sub-1", PreferredUsername: "erin@contoso.example", TenantId: EntraTenant, ObjectId: EntraObject.ToUpperInvariant()));

        Assert.Equal("/batches", callback.Headers.Location!.OriginalString);
        Assert.Equal($"erin|{OperatorClaims.Oidc}", await InMemoryAdmin.WhoAmIAsync(client));
    }

    [Theory]
    [InlineData(true, "frank")]
    [InlineData(false, "")]
    [InlineData(null, "")]
    public async Task A_listed_e_mail_address_counts_only_when_the_provider_says_it_is_verified(bool? verified, string signedIn)
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        using var callback = await SignInThroughProviderAsync(client, new FakeOidcUser("subject-f", Email: "frank@example.com", EmailVerified: verified));

        Assert.Equal(signedIn == "" ? "" : $"{signedIn}|{OperatorClaims.Oidc}", await InMemoryAdmin.WhoAmIAsync(client));
        Assert.StartsWith(signedIn == "" ? "/login?error=oidc" : "/batches", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_object_id_of_a_listed_entra_user_in_another_tenant_is_refused()
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        using var callback = await SignInThroughProviderAsync(client,
            new FakeOidcUser("pairwise-sub-2", TenantId: Guid.NewGuid().ToString(), ObjectId: EntraObject));

        Assert.StartsWith("/login?error=oidc", callback.Headers.Location!.OriginalString);
        Assert.Equal("", await InMemoryAdmin.WhoAmIAsync(client));
    }

    [Fact]
    public async Task A_token_that_names_a_listed_operator_but_carries_another_subject_is_refused()
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        // Anybody can call themselves "dana" in a profile the provider puts into its tokens.
        using var callback = await SignInThroughProviderAsync(client,
            new FakeOidcUser("subject-mallory", PreferredUsername: "dana", Email: "dana@example.com"));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/login?error=oidc", callback.Headers.Location!.OriginalString);
        Assert.Equal(1, _provider.TokenRequests);
        Assert.Equal("", await InMemoryAdmin.WhoAmIAsync(client));
    }

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
        Assert.StartsWith(FakeOidcProvider.AuthorizeEndpoint + "?", location);
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
