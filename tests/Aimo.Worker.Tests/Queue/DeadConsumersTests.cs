using Aimo.Worker.Intake;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Worker.Tests.Queue;

/// <summary>A consumer is dead only when it stays without a heartbeat: a live one cut off for a moment keeps its entries.</summary>
public sealed class DeadConsumersTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-29T10:00:00Z"));

    [Fact]
    public void A_consumer_is_confirmed_dead_only_after_staying_without_a_heartbeat()
    {
        var dead = new DeadConsumers(_time, TimeSpan.FromSeconds(10));
        Assert.Empty(dead.Confirm(["w1"]));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(dead.Confirm(["w1"]));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["w1"], dead.Confirm(["w1"]));
    }

    [Fact]
    public void A_heartbeat_seen_again_clears_the_suspicion()
    {
        var dead = new DeadConsumers(_time, TimeSpan.FromSeconds(10));
        dead.Confirm(["w1", "w2"]);
        _time.Advance(TimeSpan.FromSeconds(6));
        dead.Confirm(["w2"]);              // w1 wrote its heartbeat again (a Redis blip, not a crash)
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(["w2"], dead.Confirm(["w1", "w2"]));  // w1 is a fresh suspect, not yet dead
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["w1", "w2"], dead.Confirm(["w1", "w2"]).Order());
    }
}
