using System.Net;
using System.Text.RegularExpressions;
using Aimo.Core;
using StackExchange.Redis;
using Aimo.Data.Admin;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>The admin's sign-in form over plain HTTP: one cookie jar per client, as one browser.</summary>
internal static partial class AdminHttp
{
    public static HttpClient NewClient(AimoStack stack, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = stack.App.GetEndpoint(ResourceNames.Admin, "http"),
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Fetches the form (for its antiforgery token) and posts the credentials; the answer is a redirect.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string username, string password, string returnUrl = "/")
    {
        var form = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["username"] = username,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    /// <summary>Signs in and asserts it worked: redirected to the return URL, not back to the form.</summary>
    public static async Task SignInAsync(HttpClient client, OperatorLogin login)
    {
        using var response = await PostSignInAsync(client, login.Name, login.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>Signs out as the app bar's "Sign out" button does: its form's antiforgery token, posted.</summary>
    public static async Task SignOutAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/");
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "the page carries the sign-out form");
        using var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString);
    }

    /// <summary>The name in the app bar of the overview page, or null when the client is sent to the sign-in page.</summary>
    public static async Task<string?> SignedInUserAsync(HttpClient client)
    {
        using var page = await client.GetAsync("/");
        if (page.StatusCode != HttpStatusCode.OK)
        {
            Assert.Contains("/login", page.Headers.Location?.OriginalString);
            return null;
        }
        var match = SignedInUser().Match(await page.Content.ReadAsStringAsync());
        Assert.True(match.Success, "the overview shows who is signed in");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    /// <summary>Forgets every sign-in attempt, so throttle tests leave the shared stack as they found it.</summary>
    public static async Task ClearSignInThrottleAsync(AimoStack stack)
    {
        await using var redis = await stack.ConnectRedisAsync();
        var server = redis.GetServers().Single();
        await foreach (var key in server.KeysAsync(pattern: AdminKeys.SignInThrottlePrefix + "*"))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("data-testid=\"signed-in-user\"[^>]*>([^<]*)<")]
    private static partial Regex SignedInUser();
}
