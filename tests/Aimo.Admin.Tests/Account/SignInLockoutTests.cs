using System.Net;
using Aimo.Admin.Account;
using Aimo.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// The sign-in throttle through the admin's form, as an attack meets it: wrong passwords for one account from rotating
/// addresses lock those addresses out of that account, and do not lock its operator out — until they pass the account's
/// ceiling, which is there for an attack too wide to stop address by address.
/// </summary>
public sealed class SignInLockoutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task During_an_attack_from_rotating_addresses_the_operator_still_signs_in_from_a_fresh_address()
    {
        await redis.Redis.GetServers().Single().FlushDatabaseAsync();
        // A lock of a minute at least, so that no lock runs out during the test.
        await using var admin = InMemoryAdmin.Create(redis, new Dictionary<string, string> { ["Admin:SignInThrottle:BaseDelay"] = "00:01:00" });
        using var attacker = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var attackers = Enumerable.Range(1, 10).Select(i => $"203.0.113.{i}").ToList();

        // Each address tries six wrong passwords at alice: fifty failures in all.
        var answers = new List<string>();
        foreach (var address in attackers)
        {
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                using var refused = await InMemoryAdmin.PostSignInAsync(attacker, InMemoryAdmin.Alice.Name, $"guess-{attempt}", address);
                answers.Add(Answer(refused));
            }
        }

        // Alice signs in from an address of her own with her password.
        using var alice = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedIn = await InMemoryAdmin.PostSignInAsync(alice, InMemoryAdmin.Alice.Name, InMemoryAdmin.Alice.Password, "198.51.100.20");
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.Equal($"alice|{OperatorClaims.Password}", await InMemoryAdmin.WhoAmIAsync(alice, "198.51.100.20"));

        // Every attacking address had its four free failures; its fifth locked it out of alice, and the sixth was refused.
        Assert.All(answers.Chunk(6), perAddress => Assert.Equal(["error", "error", "error", "error", "locked", "locked"], perAddress));
        // They stay locked out, the right password included.
        foreach (var address in attackers)
        {
            using var locked = await InMemoryAdmin.PostSignInAsync(attacker, InMemoryAdmin.Alice.Name, InMemoryAdmin.Alice.Password, address);
            Assert.Equal("locked", Answer(locked));
        }
        Assert.Equal("", await InMemoryAdmin.WhoAmIAsync(attacker));
    }

    [Fact]
    public async Task Failures_past_the_accounts_ceiling_lock_the_account_even_for_the_right_password_from_a_fresh_address()
    {
        await redis.Redis.GetServers().Single().FlushDatabaseAsync();
        await using var admin = InMemoryAdmin.Create(redis, new Dictionary<string, string>
        {
            ["Admin:SignInThrottle:BaseDelay"] = "00:01:00",
            ["Admin:SignInThrottle:AccountFreeAttempts"] = "12",
        });
        using var attacker = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Four wrong passwords from each of three addresses: no pair reaches its five, the account reaches twelve.
        var answers = new List<string>();
        foreach (var address in new[] { "203.0.113.31", "203.0.113.32", "203.0.113.33" })
        {
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                using var refused = await InMemoryAdmin.PostSignInAsync(attacker, InMemoryAdmin.Alice.Name, $"guess-{attempt}", address);
                answers.Add(Answer(refused));
            }
        }
        Assert.Equal([.. Enumerable.Repeat("error", 11), "locked"], answers);

        using var alice = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var locked = await InMemoryAdmin.PostSignInAsync(alice, InMemoryAdmin.Alice.Name, InMemoryAdmin.Alice.Password, "198.51.100.21");
        Assert.Equal("locked", Answer(locked));
        Assert.Equal("", await InMemoryAdmin.WhoAmIAsync(alice, "198.51.100.21"));
    }

    /// <summary>"error" (wrong password), "locked" (try again later, with Retry-After) or where a sign-in went.</summary>
    private static string Answer(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return location switch
        {
            _ when location.Contains("?error=1") => "error",
            _ when location.Contains("?retryAfter=") && response.Headers.RetryAfter is not null => "locked",
            _ => location,
        };
    }
}
