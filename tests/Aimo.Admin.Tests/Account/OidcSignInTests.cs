using System.Net;
using System.Security.Claims;
using Aimo.Admin.Account;
using Aimo.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// The admin in memory with OpenID Connect configured: the sign-in page offers the provider, the challenge sends the
/// browser there (code flow with PKCE), and the provider's callback signs in the operators listed and no one else.
/// The provider is <see cref="FakeOidcProvider"/>, in process: no identity provider can run here.
/// </summary>
public sealed class OidcSignInTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private const string WhoAmI = "/test/whoami";
    private readonly FakeOidcProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    // Any public type of the admin's assembly names its entry point (Program is ambiguous here: the AppHost has one too).
    private WebApplicationFactory<OperatorDirectory> Admin(bool oidc) => new WebApplicationFactory<OperatorDirectory>().WithWebHostBuilder(host =>
    {
        host.UseEnvironment("Development");
        host.UseSetting("ConnectionStrings:redis", redis.Redis.Configuration);
        host.UseSetting("ConnectionStrings:aimodb", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none");
        host.UseSetting("Admin:Operators", "alice:" + OperatorDirectory.Hash("alice-password-1"));
        if (oidc)
        {
            host.UseSetting("Admin:Oidc:Authority", FakeOidcProvider.Issuer);
            host.UseSetting("Admin:Oidc:ClientId", FakeOidcProvider.ClientId);
            host.UseSetting("Admin:Oidc:ClientSecret", "not-a-real-secret");
            host.UseSetting("Admin:Oidc:Operators", "dana@example.com");
        }
        host.ConfigureTestServices(services =>
        {
            services.PostConfigure<OpenIdConnectOptions>(OidcOptions.Scheme, options =>
            {
                options.Configuration = _provider.Configuration;
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(_provider.Configuration);
                options.Backchannel = new HttpClient(_provider, disposeHandler: false);
            });
            services.AddSingleton<IStartupFilter, WhoAmIFilter>();
        });
    });

    /// <summary>
    /// <c>GET /test/whoami</c>: the name the admin's sign-in cookie carries, after the cookie's own checks (the operator
    /// is still current), and how it was vouched for; empty when signed out. Every page needs PostgreSQL, which these
    /// in-memory tests do not run.
    /// </summary>
    private sealed class WhoAmIFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path != WhoAmI)
                {
                    await nextMiddleware(context);
                    return;
                }
                var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                var user = result.Principal;
                await context.Response.WriteAsync(user is null ? "" : $"{user.Identity?.Name}|{user.FindFirstValue(OperatorClaims.Method)}");
            });
            next(app);
        };
    }

    /// <summary>Signs in through the provider as <paramref name="user"/>; the callback's answer.</summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient client, string user)
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
    public async Task A_listed_operator_is_signed_in_by_the_providers_callback_under_the_name_it_vouches_for()
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        using var callback = await SignInThroughProviderAsync(client, "dana@example.com");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/batches", callback.Headers.Location!.OriginalString);
        Assert.Equal(1, _provider.TokenRequests);
        Assert.Equal($"dana@example.com|{OperatorClaims.Oidc}", await client.GetStringAsync(WhoAmI));
    }

    [Fact]
    public async Task Someone_the_provider_knows_but_the_admin_does_not_list_is_refused()
    {
        await using var admin = Admin(oidc: true);
        using var client = HttpsClient(admin);

        using var callback = await SignInThroughProviderAsync(client, "mallory@example.com");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/login?error=oidc", callback.Headers.Location!.OriginalString);
        Assert.Equal("", await client.GetStringAsync(WhoAmI));
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
