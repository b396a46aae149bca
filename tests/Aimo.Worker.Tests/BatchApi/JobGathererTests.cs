using System.Threading.Channels;
using Aimo.Worker.BatchApi;

namespace Aimo.Worker.Tests.BatchApi;

/// <summary>How planned batches become jobs: by count, by file size (the provider's 200 MB), by linger; nothing dropped on stop.</summary>
public sealed class JobGathererTests
{
    private static (Channel<long> Channel, JobGatherer<long> Gatherer) Gatherer(params long[] sizes)
    {
        var channel = Channel.CreateUnbounded<long>();
        foreach (var size in sizes)
        {
            channel.Writer.TryWrite(size);
        }
        return (channel, new JobGatherer<long>(channel.Reader, size => size, TimeProvider.System));
    }

    [Fact]
    public async Task A_job_closes_before_its_file_would_pass_the_size_limit_and_the_next_starts_with_that_batch()
    {
        var (_, gatherer) = Gatherer(40, 40, 30, 50, 10, 90);

        Assert.Equal([40L, 40], await gatherer.NextAsync(100, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal([30L, 50, 10], await gatherer.NextAsync(100, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal([90L], await gatherer.NextAsync(100, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_larger_than_the_limit_is_a_job_of_its_own_and_the_count_caps_a_job()
    {
        var (_, gatherer) = Gatherer(500, 1, 1, 1);

        Assert.Equal([500L], await gatherer.NextAsync(100, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal([1L, 1], await gatherer.NextAsync(2, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal([1L], await gatherer.NextAsync(2, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Within_the_linger_later_batches_join_the_job()
    {
        var (channel, gatherer) = Gatherer(1);
        var next = gatherer.NextAsync(10, maxBytes: 100, TimeSpan.FromSeconds(30), CancellationToken.None);
        channel.Writer.TryWrite(2);
        channel.Writer.TryWrite(3);
        channel.Writer.Complete();

        Assert.Equal([1L, 2, 3], await next);
        Assert.Empty(await gatherer.NextAsync(10, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Stopping_hands_back_the_kept_batch_and_the_channels_rest()
    {
        var (_, gatherer) = Gatherer(60, 60, 5);
        Assert.Equal([60L], await gatherer.NextAsync(100, maxBytes: 100, TimeSpan.Zero, CancellationToken.None));

        Assert.Equal([60L, 5], gatherer.Drain());
    }
}
