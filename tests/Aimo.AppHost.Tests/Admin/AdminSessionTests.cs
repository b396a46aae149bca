using System.Net;
using Aimo.Core;
using Aimo.Data.Admin;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>
/// The admin's sign-in over plain HTTP: a session survives a restart of the admin service, and ends for good at sign-out.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AdminSessionTests(StackFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_signed_in_operator_stays_signed_in_when_the_admin_service_restarts()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var cookies = new CookieContainer();
        using var client = AdminHttp.NewClient(fixture.Stack, cookies);

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", cts.Token)).StatusCode);
        await AdminHttp.SignInAsync(client, AimoStack.Alice);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", cts.Token)).StatusCode);
        // The key ring is in Redis, shared by every admin replica and independent of the container's disk.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(
            await fixture.Stack.ConnectionStringAsync(ResourceNames.Redis)))
        {
            Assert.True(await redis.GetDatabase().ListLengthAsync(AdminKeys.DataProtection) > 0);
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
        using var afterRestart = AdminHttp.NewClient(fixture.Stack, cookies);
        var page = await afterRestart.GetAsync("/", cts.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_signs_anyone_in_after_it()
    {
        var cookies = new CookieContainer();
        using var browser = AdminHttp.NewClient(fixture.Stack, cookies);
        await AdminHttp.SignInAsync(browser, AimoStack.Alice);
        // Someone copies the sign-in cookie (a shared machine, a proxy's log, malware in the browser).
        var copied = new CookieContainer();
        copied.Add(cookies.GetAllCookies());
        using var thief = AdminHttp.NewClient(fixture.Stack, copied);
        Assert.Equal(AimoStack.Alice.Name, await AdminHttp.SignedInUserAsync(thief));

        await AdminHttp.SignOutAsync(browser);

        Assert.Null(await AdminHttp.SignedInUserAsync(browser));
        Assert.Null(await AdminHttp.SignedInUserAsync(thief));
    }
}
