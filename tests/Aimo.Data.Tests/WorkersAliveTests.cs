using Aimo.Data.Queue;

namespace Aimo.Data.Tests;

/// <summary>
/// The Overview's "workers alive" counts workers: the Batch API jobs' consumer keeps a heartbeat of its own (so no
/// recovery pass claims its entries) but is no worker — the browser test saw "2 workers alive" with one worker.
/// </summary>
public sealed class WorkersAliveTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Counts_live_worker_heartbeats_but_not_the_batch_jobs_consumer()
    {
        var db = redis.Redis.GetDatabase();
        await db.StringSetAsync(QueueKeys.Heartbeat("worker-one"), "alive", TimeSpan.FromMinutes(1));
        await db.StringSetAsync(QueueKeys.Heartbeat(QueueKeys.BatchJobsConsumer), "worker-one", TimeSpan.FromMinutes(1));

        Assert.Equal(1, await new SignatureQueue(redis.Redis).WorkersAliveAsync());
    }
}
