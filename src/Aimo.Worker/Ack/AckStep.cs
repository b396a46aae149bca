using Aimo.Data;
using Aimo.Data.Queue;
using Aimo.Worker.Pipeline;

namespace Aimo.Worker.Ack;

/// <summary>
/// Step 4 of a batch: acknowledges every version the commit found done — recorded by this batch or finished before —
/// and sets the rest aside in the worker's holdings: deferred tier C waits for the budget, entries held by an outage
/// wait for the provider. Neither of those counts as an attempt.
/// </summary>
public sealed partial class AckStep(IWorkQueue queue, TimeProvider time, ILogger<AckStep> logger)
{
    /// <summary>How long entries held by an outage wait before the next try (a probe takes them earlier).</summary>
    public static readonly TimeSpan OutagePause = TimeSpan.FromSeconds(2);

    public async Task RunAsync(BatchContext batch)
    {
        var done = batch.Receipt?.Done.ToList() ?? [];
        if (done.Count > 0)
        {
            await queue.AcknowledgeAsync(done);
            batch.Checkout.Complete(done);
        }
        batch.Checkout.Defer(batch.Deferred);
        batch.Checkout.Hold(batch.Held, time.GetUtcNow() + OutagePause);
        List<QueueEntry> setAside = [.. batch.Deferred, .. batch.Held];
        if (setAside.Count == 0)
        {
            return;
        }
        try
        {
            await queue.MarkDeferredAsync(batch.Deferred);
            await queue.AddAttemptsAsync(setAside, -1);
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            // Only the status API's "deferred" and an attempt too many (poison one step closer); the entries are safe.
            LogSetAsideFailed(logger, ex, setAside.Count);
        }
        if (batch.Deferred.Count > 0)
        {
            LogDeferred(logger, batch.Deferred.Count);
        }
    }

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Budget soft limit: {Count} tier C signature(s) deferred")]
    private static partial void LogDeferred(ILogger logger, int count);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Could not mark {Count} set-aside entries in Redis; they are held all the same")]
    private static partial void LogSetAsideFailed(ILogger logger, Exception exception, int count);
}
