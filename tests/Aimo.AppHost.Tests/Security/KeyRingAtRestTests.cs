using Aimo.AppHost.Tests.Admin;
using Aimo.Core;
using Aimo.Data.Admin;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.Security;

/// <summary>
/// The admin's data-protection keys (they sign and encrypt the sign-in cookies) are encrypted before they reach Redis:
/// someone who reads Redis, or its append-only file, cannot forge an operator's session.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class KeyRingAtRestTests(StackFixture fixture)
{
    [Fact]
    public async Task The_key_ring_in_redis_holds_no_plaintext_master_key()
    {
        // The sign-in form's antiforgery token makes the admin create its key ring if it has none yet.
        using var client = AdminHttp.NewClient(fixture.Stack);
        (await client.GetAsync("/login")).EnsureSuccessStatusCode();

        await using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.Stack.ConnectionStringAsync(ResourceNames.Redis));
        var keys = (await redis.GetDatabase().ListRangeAsync(AdminKeys.DataProtection)).Select(k => (string)k!).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("<encryptedSecret", key);
            Assert.DoesNotContain("<value>", key);
        });
    }
}
