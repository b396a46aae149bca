using System.Net;
using System.Text.RegularExpressions;
using Aimo.Core;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>
/// Sign-in throttling as an attacker meets it: per account, per client address, with a growing wait that even the
/// right password must sit out, answered in words and in <c>Retry-After</c>, and logged without the secret.
/// The shared stack's first lock is <see cref="StackFixture.SignInBaseDelay"/> (5 s); the test's attempts come from one address.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class SignInThrottleTests(StackFixture fixture) : IAsyncLifetime
{
    private const int AccountFreeAttempts = 5;
    private const int AddressFreeAttempts = 20;
    private AimoStack Stack => fixture.Stack;

    public Task InitializeAsync() => AdminHttp.ClearSignInThrottleAsync(Stack);

    public Task DisposeAsync() => AdminHttp.ClearSignInThrottleAsync(Stack);

    [Fact]
    public async Task Wrong_passwords_lock_the_account_with_a_growing_wait_that_even_the_right_password_must_sit_out()
    {
        using var client = AdminHttp.NewClient(Stack);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        for (var attempt = 1; attempt < AccountFreeAttempts; attempt++)
        {
            using var refused = await AdminHttp.PostSignInAsync(client, AimoStack.Alice.Name, wrong);
            Assert.Contains("error=1", Location(refused));
            Assert.Null(refused.Headers.RetryAfter);
        }

        // The last free attempt fails too: from now on the account waits.
        using var locking = await AdminHttp.PostSignInAsync(client, AimoStack.Alice.Name, wrong);
        var firstWait = WaitOf(locking);
        Assert.Equal(5, firstWait);

        // The right password right away is refused as well, and nobody is signed in.
        using var right = await AdminHttp.PostSignInAsync(client, AimoStack.Alice.Name, AimoStack.Alice.Password);
        var wait = WaitOf(right);
        Assert.InRange(wait, 1, firstWait);
        Assert.Null(await AdminHttp.SignedInUserAsync(client));
        var page = await client.GetStringAsync(Location(right));
        Assert.Contains($"Too many sign-in attempts. Try again in {wait} s.", page);

        // Per account: another operator from the same address signs in.
        using (var bob = AdminHttp.NewClient(Stack))
        {
            await AdminHttp.SignInAsync(bob, AimoStack.Bob);
            Assert.Equal(AimoStack.Bob.Name, await AdminHttp.SignedInUserAsync(bob));
        }

        // Once the wait is over, one more wrong password makes the next wait twice as long.
        await Task.Delay(TimeSpan.FromSeconds(firstWait) + TimeSpan.FromMilliseconds(500));
        using var again = await AdminHttp.PostSignInAsync(client, AimoStack.Alice.Name, wrong);
        Assert.Equal(2 * firstWait, WaitOf(again));

        // After that wait the right password works, and it clears the account's count: a typo next is a typo again.
        await Task.Delay(TimeSpan.FromSeconds(2 * firstWait) + TimeSpan.FromMilliseconds(500));
        await AdminHttp.SignInAsync(client, AimoStack.Alice);
        Assert.Equal(AimoStack.Alice.Name, await AdminHttp.SignedInUserAsync(client));
        using var other = AdminHttp.NewClient(Stack);
        using var typo = await AdminHttp.PostSignInAsync(other, AimoStack.Alice.Name, wrong);
        Assert.Contains("error=1", Location(typo));
    }

    [Fact]
    public async Task Guessing_across_many_accounts_locks_the_client_address()
    {
        using var client = AdminHttp.NewClient(Stack);
        int? lockedAt = null;
        for (var attempt = 1; attempt <= AddressFreeAttempts + 5 && lockedAt is null; attempt++)
        {
            // A different (unknown) account each time: no account lock can be what stops this.
            using var response = await AdminHttp.PostSignInAsync(client, $"guess{attempt}-{Guid.NewGuid():N}"[..24], "password123");
            if (response.Headers.RetryAfter is not null)
            {
                lockedAt = attempt;
                Assert.Contains("retryAfter=", Location(response));
            }
        }
        Assert.Equal(AddressFreeAttempts, lockedAt);

        // The address waits, whoever it signs in as.
        using var other = AdminHttp.NewClient(Stack);
        using var bob = await AdminHttp.PostSignInAsync(other, AimoStack.Bob.Name, AimoStack.Bob.Password);
        Assert.InRange(WaitOf(bob), 1, 5);
    }

    [Fact]
    public async Task Failed_sign_ins_are_logged_with_the_name_but_never_the_password()
    {
        await using var logs = ResourceLogs.Watch(Stack, ResourceNames.Admin);
        var secret = "typed-secret-" + Guid.NewGuid().ToString("N");
        using var client = AdminHttp.NewClient(Stack);

        // A name of its own, so the line found is this attempt's (the watch replays earlier lines too).
        var name = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        using var failed = await AdminHttp.PostSignInAsync(client, name, secret);
        Assert.Contains("error=1", Location(failed));

        var expected = $"Failed sign-in for \"{name}\"";
        await Wait.UntilAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains(expected, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the failed sign-in in the admin's log");
        var lines = logs.Lines;
        Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    private static string Location(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The wait a throttled answer announces, in the redirect and in Retry-After alike.</summary>
    private static int WaitOf(HttpResponseMessage response)
    {
        var match = RetryAfterQuery().Match(Location(response));
        Assert.True(match.Success, $"not throttled: {Location(response)}");
        var seconds = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
        return seconds;
    }

    [GeneratedRegex(@"retryAfter=(\d+)")]
    private static partial Regex RetryAfterQuery();
}
