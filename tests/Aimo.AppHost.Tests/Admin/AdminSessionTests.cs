using System.Net;
using System.Text.RegularExpressions;
using Aimo.Core;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>The admin's sign-in over plain HTTP, and that a session survives a restart of the admin service.</summary>
[Collection(StackCollection.Name)]
public sealed partial class AdminSessionTests(StackFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_signed_in_operator_stays_signed_in_when_the_admin_service_restarts()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var cookies = new CookieContainer();
        using var client = NewClient(cookies);

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", cts.Token)).StatusCode);
        await SignInAsync(client, cts.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", cts.Token)).StatusCode);
        // The key ring is in Redis, shared by every admin replica and independent of the container's disk.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(
            await fixture.Stack.ConnectionStringAsync(ResourceNames.Redis)))
        {
            Assert.True(await redis.GetDatabase().ListLengthAsync("aimo:admin:data-protection-keys") > 0);
        }

        try
        {
            await fixture.Stack.KillAsync(ResourceNames.Admin, cts.Token);
        }
        finally
        {
            // Shared stack: never leave the admin down for the next test.
            await fixture.Stack.StartAgainAsync(ResourceNames.Admin, cts.Token);
        }

        // Data-protection keys live in Redis, so the restarted process can still read the old cookie.
        using var afterRestart = NewClient(cookies);
        var page = await afterRestart.GetAsync("/", cts.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private HttpClient NewClient(CookieContainer cookies)
    {
        var endpoint = fixture.Stack.App.GetEndpoint(ResourceNames.Admin, "http");
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = endpoint,
        };
    }

    private static async Task SignInAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var form = await client.GetStringAsync("/login", cancellationToken);
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["username"] = AimoStack.Alice.Name,
            ["password"] = AimoStack.Alice.Password,
            ["returnUrl"] = "/",
        }), cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
