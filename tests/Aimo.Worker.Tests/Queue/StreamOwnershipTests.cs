using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.Intake;
using StackExchange.Redis;

namespace Aimo.Worker.Tests.Queue;

/// <summary>
/// The ownership scripts against a real redis-server: only a dead consumer's entries are taken, each by one
/// survivor; a live consumer's entries stay its own however slow its batch; acknowledging an old version leaves a
/// newer one's state alone.
/// </summary>
public sealed class StreamOwnershipTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan MinIdle = TimeSpan.FromMilliseconds(300);
    private IDatabase Db => redis.Redis.GetDatabase();

    /// <summary>One consumer of the group: its identity and the queue's operations in its name.</summary>
    private sealed record Consumer(ConsumerIdentity Identity, SignatureQueue Queue)
    {
        public string Name => Identity.Name;
        public Task<List<QueueEntry>> ReadAsync(int count) => Queue.ReadAsync(Name, Tier.A, count);
        public Task<IReadOnlyList<string>> KeepAliveAsync(IEnumerable<QueueEntry> entries) => Queue.KeepAliveAsync(Name, Tier.A, [.. entries.Select(e => e.EntryId)]);
    }

    private Consumer NewConsumer() => new(new ConsumerIdentity(), new SignatureQueue(redis.Redis));

    /// <summary>Claims from every consumer without a heartbeat, as the recovery loop does once it confirmed them dead.</summary>
    private static async Task<List<QueueEntry>> ClaimAsync(Consumer claimer, TimeSpan minIdle) =>
        await claimer.Queue.ClaimFromDeadAsync(claimer.Name, Tier.A, minIdle, await claimer.Queue.WithoutHeartbeatAsync(claimer.Name, Tier.A));

    private async Task AliveAsync(Consumer consumer) => await Db.StringSetAsync(consumer.Identity.HeartbeatKey, 1, TimeSpan.FromMinutes(1));

    /// <summary>A fresh group on fresh streams (FLUSHDB), and <paramref name="count"/> tier A signatures enqueued as ingest does.</summary>
    private async Task<string[]> FreshQueueAsync(int count)
    {
        await redis.Redis.GetServers()[0].FlushDatabaseAsync();
        await NewConsumer().Queue.EnsureGroupsAsync(CancellationToken.None);
        var signatures = Enumerable.Range(0, count).Select(i => new Signature($"own-{i}", Tier.A, "GET", $"h{i}.example.com", "/x", ["GET /x"])).ToList();
        await new SignatureQueue(redis.Redis).EnqueueAsync(signatures, TimeSpan.FromHours(1));
        return [.. signatures.Select(s => s.Id)];
    }

    [Fact]
    public async Task Entries_a_batch_job_holds_are_never_claimed_however_idle_and_are_given_back_only_by_a_move()
    {
        await FreshQueueAsync(4);
        var submitter = NewConsumer();
        var entries = await submitter.ReadAsync(10);
        // Handed to the jobs' consumer (which has no heartbeat of its own here: no worker runs).
        var ids = entries.Select(e => e.EntryId).ToList();
        await Db.StreamClaimIdsOnlyAsync(QueueKeys.Stream(Tier.A), QueueKeys.ConsumerGroup, QueueKeys.BatchJobsConsumer, 0, [.. ids.Select(id => (RedisValue)id)]);
        await Task.Delay(MinIdle * 2);

        var survivor = NewConsumer();
        await AliveAsync(survivor);
        Assert.Empty(await ClaimAsync(survivor, MinIdle));
        Assert.Empty(await survivor.Queue.ReclaimIdleAsync(survivor.Name, Tier.A, MinIdle));

        Assert.Equal(ids, await survivor.Queue.MoveAsync(Tier.A, QueueKeys.BatchJobsConsumer, survivor.Name, ids));
        // Moved once: a second move (another replica ingesting the same job) finds nothing to take.
        Assert.Empty(await submitter.Queue.MoveAsync(Tier.A, QueueKeys.BatchJobsConsumer, submitter.Name, ids));
    }

    [Fact]
    public async Task Entries_nobody_refreshed_are_reclaimed_from_any_other_consumer_once()
    {
        await FreshQueueAsync(6);
        var forgetful = NewConsumer();
        await AliveAsync(forgetful);
        Assert.Equal(6, (await forgetful.ReadAsync(10)).Count);
        await Task.Delay(MinIdle * 2);

        var (first, second) = (NewConsumer(), NewConsumer());
        var claims = await Task.WhenAll(Task.Run(() => first.Queue.ReclaimIdleAsync(first.Name, Tier.A, MinIdle)),
            Task.Run(() => second.Queue.ReclaimIdleAsync(second.Name, Tier.A, MinIdle)));

        var all = claims.SelectMany(c => c.Select(e => e.EntryId)).ToList();
        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Distinct().Count());
    }

    [Fact]
    public async Task Two_survivors_claiming_a_dead_consumers_entries_at_once_get_each_entry_once()
    {
        await FreshQueueAsync(40);
        var dead = NewConsumer();
        Assert.Equal(40, (await dead.ReadAsync(100)).Count);
        await Task.Delay(MinIdle * 2);

        var (first, second) = (NewConsumer(), NewConsumer());
        await AliveAsync(first);
        await AliveAsync(second);
        var claims = await Task.WhenAll(Task.Run(() => ClaimAsync(first, MinIdle)),
            Task.Run(() => ClaimAsync(second, MinIdle)));

        var all = claims.SelectMany(c => c.Select(e => e.EntryId)).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
        // The dead consumer holds nothing any more; the next pass removes it from the group.
        await ClaimAsync(first, MinIdle);
        var consumers = await Db.StreamConsumerInfoAsync(QueueKeys.Stream(Tier.A), QueueKeys.ConsumerGroup);
        Assert.DoesNotContain(consumers, c => c.Name == dead.Identity.Name);
    }

    [Fact]
    public async Task A_live_consumers_slow_batch_is_never_reclaimed_while_it_keeps_its_entries_fresh()
    {
        await FreshQueueAsync(5);
        var slow = NewConsumer();
        await AliveAsync(slow);
        var entries = await slow.ReadAsync(10);
        var other = NewConsumer();
        await AliveAsync(other);

        for (var round = 0; round < 5; round++)
        {
            await Task.Delay(MinIdle);
            Assert.Empty(await slow.KeepAliveAsync(entries));
            Assert.Empty(await ClaimAsync(other, MinIdle));
            Assert.Empty(await other.Queue.ReclaimIdleAsync(other.Name, Tier.A, MinIdle * 2));
        }
    }

    [Fact]
    public async Task A_consumer_whose_heartbeat_lapsed_keeps_what_it_refreshed_and_learns_what_it_lost()
    {
        await FreshQueueAsync(6);
        var lapsed = NewConsumer(); // no heartbeat: looks dead
        var entries = await lapsed.ReadAsync(10);
        var survivor = NewConsumer();
        await AliveAsync(survivor);

        // Refreshed just now: too fresh to take, although the heartbeat is gone.
        Assert.Empty(await lapsed.KeepAliveAsync(entries));
        Assert.Empty(await ClaimAsync(survivor, TimeSpan.FromSeconds(5)));

        // Not refreshed for the min idle time: taken, and the lapsed consumer is told which.
        await Task.Delay(MinIdle * 2);
        var taken = await ClaimAsync(survivor, MinIdle);
        Assert.Equal(6, taken.Count);
        var lost = await lapsed.KeepAliveAsync(entries);
        Assert.Equal(entries.Select(e => e.EntryId).Order(), lost.Order());
    }

    [Fact]
    public async Task A_consumer_whose_heartbeat_came_back_is_not_claimed_from_even_if_named_dead()
    {
        await FreshQueueAsync(3);
        var blipped = NewConsumer();
        await blipped.ReadAsync(10);
        await Task.Delay(MinIdle * 2);
        var survivor = NewConsumer();
        await AliveAsync(survivor);
        var suspects = await survivor.Queue.WithoutHeartbeatAsync(survivor.Name, Tier.A);
        Assert.Contains(blipped.Identity.Name, suspects);

        await AliveAsync(blipped); // back before the survivor acts on its suspicion
        Assert.Empty(await survivor.Queue.ClaimFromDeadAsync(survivor.Name, Tier.A, MinIdle, suspects));
    }

    [Fact]
    public async Task A_live_consumer_with_nothing_pending_stays_in_the_group_and_a_dead_one_is_removed()
    {
        await FreshQueueAsync(2);
        var (live, dead) = (NewConsumer(), NewConsumer());
        await AliveAsync(live);
        // Each reads one entry and finishes it: both are in the group with nothing pending.
        await live.Queue.AcknowledgeAsync(await live.ReadAsync(1));
        await dead.Queue.AcknowledgeAsync(await dead.ReadAsync(1));

        await ClaimAsync(NewConsumer(), MinIdle);

        var names = (await Db.StreamConsumerInfoAsync(QueueKeys.Stream(Tier.A), QueueKeys.ConsumerGroup)).Select(c => (string)c.Name!).ToList();
        Assert.Contains(live.Identity.Name, names);
        Assert.DoesNotContain(dead.Identity.Name, names);
    }

    [Fact]
    public async Task Acknowledging_an_old_version_keeps_the_newer_versions_pending_state()
    {
        await FreshQueueAsync(0);
        var consumer = NewConsumer();
        var queue = new SignatureQueue(redis.Redis);
        var signature = new Signature("versioned", Tier.A, "GET", "v.example.com", "/x", ["GET /x?v=1"]);
        await queue.EnqueueAsync([signature], TimeSpan.FromHours(1));
        var v1 = Assert.Single(await consumer.ReadAsync(10));
        await queue.EnqueueAsync([signature with { Samples = ["GET /x?v=2"] }], TimeSpan.FromHours(1));
        var v2 = Assert.Single(await consumer.ReadAsync(10));
        Assert.True(v2.Version > v1.Version);

        await consumer.Queue.AcknowledgeAsync([v1]);
        var pending = await queue.PendingStateAsync("versioned");
        Assert.Equal(("queued", v2.Version), (pending?.State, pending?.Version));
        Assert.Equal(v2.Version, (await consumer.Queue.LatestVersionsAsync(["versioned"]))["versioned"]);

        await consumer.Queue.AcknowledgeAsync([v2]);
        Assert.Null(await queue.PendingStateAsync("versioned"));
    }

    [Fact]
    public async Task Versions_only_grow_across_tiers_and_a_tier_change_is_not_a_duplicate()
    {
        await FreshQueueAsync(0);
        var queue = new SignatureQueue(redis.Redis);
        var c = new Signature("moved", Tier.C, "GET", "m.example.com", "/x", ["GET /x"]);
        Assert.True((await queue.EnqueueAsync([c], TimeSpan.FromHours(1)))[0].Enqueued);
        Assert.False((await queue.EnqueueAsync([c], TimeSpan.FromHours(1)))[0].Enqueued);
        Assert.True((await queue.EnqueueAsync([c with { Tier = Tier.A }], TimeSpan.FromHours(1)))[0].Enqueued);
        var consumer = NewConsumer();
        var fromC = Assert.Single(await consumer.Queue.ReadAsync(consumer.Name, Tier.C, 10));
        var fromA = Assert.Single(await consumer.ReadAsync(10));
        Assert.True(fromA.Version > fromC.Version);
    }

    [Fact]
    public async Task A_consumer_finds_the_entries_it_holds_but_does_not_track_once_they_are_idle_and_never_the_ones_it_tracks()
    {
        await FreshQueueAsync(4);
        var consumer = NewConsumer();
        await AliveAsync(consumer);
        var entries = await consumer.ReadAsync(10);
        var tracked = entries.Take(1).Select(e => e.EntryId).ToHashSet(StringComparer.Ordinal);

        // Just read: not idle long enough to be taken for an orphan, tracked or not.
        Assert.Empty(await consumer.Queue.OrphansAsync(consumer.Name, Tier.A, TimeSpan.FromSeconds(5), tracked));

        await Task.Delay(MinIdle * 2);
        var orphans = await consumer.Queue.OrphansAsync(consumer.Name, Tier.A, MinIdle, tracked);
        Assert.Equal(entries.Skip(1).Select(e => e.EntryId).Order(), orphans.Select(e => e.EntryId).Order());
        Assert.All(orphans, o => Assert.NotNull(o.Signature));
        // Another consumer's entries are never this one's orphans.
        Assert.Empty(await NewConsumer().Queue.OrphansAsync(NewConsumer().Name, Tier.A, MinIdle, new HashSet<string>()));
    }
}
