using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Aimo.Data.Live;

/// <summary>
/// Announces committed changes on Redis pub/sub (<see cref="ChangeChannels.Batches"/>,
/// <see cref="ChangeChannels.Review"/>) so open admin pages update by push. A hint, not a record: it is sent
/// after the commit, fire-and-forget, and a lost one only delays a page until the next change.
/// </summary>
public sealed partial class ChangeFeed(IConnectionMultiplexer redis, ILogger<ChangeFeed> logger)
{
    /// <summary>A worker committed a batch (or reused results / review items without one).</summary>
    public void BatchCommitted(string? tier, int classified, int reviews)
    {
        Publish(ChangeChannels.Batches, new { tier, classified, reviews });
        if (reviews > 0)
        {
            Publish(ChangeChannels.Review, new { reviews });
        }
    }

    /// <summary>An operator acted on a review item.</summary>
    public void ReviewChanged(long id, string status) => Publish(ChangeChannels.Review, new { id, status });

    private void Publish(string channel, object message)
    {
        try
        {
            redis.GetSubscriber().Publish(RedisChannel.Literal(channel), JsonSerializer.Serialize(message), CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            LogPublishFailed(logger, channel, ex);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Could not announce a change on {Channel}; open pages update with the next one")]
    private static partial void LogPublishFailed(ILogger logger, string channel, Exception exception);
}
