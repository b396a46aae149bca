using System.Net.Http.Headers;
using Aimo.Worker.Llm;

namespace Aimo.Worker.Tests;

public sealed class RetryDelayTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static TimeSpan Delay(int attempt, double jitter, RetryConditionHeaderValue? retryAfter = null) =>
        RetryDelays.Compute(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30), retryAfter, Now, jitter);

    [Theory]
    [InlineData(0, 1000, 1300)]
    [InlineData(1, 2000, 2300)]
    public void Delays_follow_the_policy_with_jitter_up_to_300ms(int attempt, int minMs, int maxMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(minMs), Delay(attempt, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(maxMs), Delay(attempt, 1));
        var middle = Delay(attempt, 0.5);
        Assert.InRange(middle.TotalMilliseconds, minMs, maxMs);
    }

    [Fact]
    public void Retry_after_delta_is_honoured()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), Delay(0, 0.7, new RetryConditionHeaderValue(TimeSpan.FromSeconds(3))));
    }

    [Fact]
    public void Retry_after_date_is_honoured()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Delay(1, 0.7, new RetryConditionHeaderValue(Now.AddSeconds(5))));
    }

    [Theory]
    [InlineData(0, 1210)]
    [InlineData(1, 2210)]
    public void Retry_after_zero_or_shorter_than_the_seed_delay_waits_the_seed_delay(int attempt, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Delay(attempt, 0.7, new RetryConditionHeaderValue(TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Delay(attempt, 0.7, new RetryConditionHeaderValue(TimeSpan.FromMilliseconds(500))));
    }

    [Fact]
    public void Retry_after_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Delay(0, 0, new RetryConditionHeaderValue(TimeSpan.FromMinutes(10))));
    }
}
