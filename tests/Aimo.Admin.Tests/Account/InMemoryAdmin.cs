using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Aimo.Admin.Account;
using Aimo.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// The admin in memory against a real redis-server, for sign-in tests: <c>GET /test/whoami</c> says who the sign-in
/// cookie lets in (every page needs PostgreSQL, which these tests do not run), and a request's
/// <see cref="ClientAddressHeader"/> stands in for the client's address, so one test can be many clients.
/// </summary>
internal static partial class InMemoryAdmin
{
    public const string WhoAmI = "/test/whoami";
    public const string ClientAddressHeader = "X-Test-Client-Address";
    public static readonly OperatorLogin Alice = new("alice", "alice-password-1");

    // Any public type of the admin's assembly names its entry point (Program is ambiguous here: the AppHost has one too).
    public static WebApplicationFactory<OperatorDirectory> Create(RedisServer redis, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<OperatorDirectory>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development");
            host.UseSetting("ConnectionStrings:redis", redis.Redis.Configuration);
            host.UseSetting("ConnectionStrings:aimodb", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none");
            host.UseSetting("Admin:Operators", Alice.Entry);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                host.UseSetting(key, value);
            }
            host.ConfigureTestServices(s =>
            {
                s.AddSingleton<IStartupFilter, TestEndpoints>();
                services?.Invoke(s);
            });
        });

    /// <summary>Fetches the form (for its antiforgery token) and posts the credentials from <paramref name="address"/>.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string username, string password, string? address = null)
    {
        var form = await Send(client, HttpMethod.Get, "/login", address);
        var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync());
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        return await Send(client, HttpMethod.Post, "/account/login", address, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["username"] = username,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
    }

    /// <summary>"name|method" of the operator the client's cookie lets in, after the cookie's own checks; "" when none.</summary>
    public static async Task<string> WhoAmIAsync(HttpClient client, string? address = null) =>
        await (await Send(client, HttpMethod.Get, WhoAmI, address)).Content.ReadAsStringAsync();

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? address, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (address is not null)
        {
            request.Headers.Add(ClientAddressHeader, address);
        }
        return client.SendAsync(request);
    }

    private sealed class TestEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }
                if (context.Request.Path != WhoAmI)
                {
                    await nextMiddleware(context);
                    return;
                }
                var user = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal;
                await context.Response.WriteAsync(user is null ? "" : $"{user.Identity?.Name}|{user.FindFirstValue(OperatorClaims.Method)}");
            });
            next(app);
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
