using Aimo.Core;
using Aimo.Data.Admin;
using Aimo.Data.Alerts;
using Aimo.Data.Budget;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.Security;

/// <summary>
/// Processes mode: each service talks to Redis as its own ACL user, so a leaked ingest credential (the service most
/// exposed) cannot read the admin's key ring, sessions and lockouts, or the budget's leases.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RedisUserTests(StackFixture fixture)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<ConnectionMultiplexer> ConnectAsAsync(string service)
    {
        Assert.True(fixture.Stack.App.ResourceNotifications.TryGetCurrentState(service, out var state));
        var connectionString = state.Snapshot.EnvironmentVariables.Single(v => v.Name == $"ConnectionStrings__{ResourceNames.Redis}").Value;
        var options = ConfigurationOptions.Parse(connectionString!);
        Assert.Equal(service, options.User);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task AssertRefusedAsync(IDatabase db, string command, params object[] args)
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync(command, args));
        Assert.StartsWith("NOPERM", error.Message);
    }

    [Fact]
    public async Task Ingest_cannot_read_the_admin_keys_or_the_budget_internals()
    {
        await using var ingest = await ConnectAsAsync(ResourceNames.Ingest);
        var db = ingest.GetDatabase();

        await AssertRefusedAsync(db, "GET", AdminKeys.DataProtection);
        await AssertRefusedAsync(db, "LRANGE", AdminKeys.DataProtection, 0, -1);
        await AssertRefusedAsync(db, "GET", AdminKeys.SignInLock("account:x"));
        await AssertRefusedAsync(db, "HGETALL", AdminKeys.SignInAttempts("account:x"));
        await AssertRefusedAsync(db, "GET", BudgetAlertKeys.Sent(Today, "soft_limit"));
        await AssertRefusedAsync(db, "HGETALL", BudgetKeys.Leases(Today));
        await AssertRefusedAsync(db, "HGETALL", BudgetKeys.Settled(Today));
        // What the API reads stays readable: the day's counters and the provider's health.
        await db.HashGetAllAsync(BudgetKeys.Day(Today));
        await db.HashGetAllAsync(Aimo.Data.Llm.LlmHealthHash.Key);
        // Nor act on the server as a whole.
        await AssertRefusedAsync(db, "FLUSHALL");
        await AssertRefusedAsync(db, "CONFIG", "GET", "requirepass");
    }

    [Fact]
    public async Task The_worker_cannot_read_the_admin_keys()
    {
        await using var worker = await ConnectAsAsync(ResourceNames.Worker);
        var db = worker.GetDatabase();

        await AssertRefusedAsync(db, "LRANGE", AdminKeys.DataProtection, 0, -1);
        await AssertRefusedAsync(db, "GET", AdminKeys.SignInLock("account:x"));
        await db.HashGetAllAsync(BudgetKeys.Leases(Today));
    }

    [Fact]
    public async Task The_admin_reads_its_key_ring_but_cannot_touch_the_budget_leases()
    {
        await using var admin = await ConnectAsAsync(ResourceNames.Admin);
        var db = admin.GetDatabase();

        await db.ListRangeAsync(AdminKeys.DataProtection);
        await AssertRefusedAsync(db, "HGETALL", BudgetKeys.Leases(Today));
    }
}
