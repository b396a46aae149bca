using Aimo.Core.Signatures;

namespace Aimo.Data.Queue;

/// <summary>
/// The queue's Redis layout, shared by ingest (writes), the worker (consumes) and the admin UI (reads). Only
/// <see cref="SignatureQueue"/> and the budget scripts (which ask whether a consumer's heartbeat is alive) use it.
/// </summary>
public static class QueueKeys
{
    /// <summary>The consumer group every worker replica joins on each tier stream.</summary>
    public const string ConsumerGroup = "aimo-workers";

    /// <summary>Stream of queued signatures of one tier (<c>aimo:queue:A</c>, ...); fields in <see cref="QueueFields"/>.</summary>
    public static string Stream(Tier tier) => $"aimo:queue:{tier}";

    /// <summary>
    /// A signature that is in the queue but has no final result yet: a hash with <see cref="PendingVersionField"/>
    /// (the latest accepted version) and <see cref="PendingStateField"/> ("queued", or "deferred" while the budget
    /// holds tier C back). Acknowledging an entry deletes it only when the entry is that latest version.
    /// </summary>
    public static string PendingState(string signatureId) => $"aimo:pending:{signatureId}";

    public const string PendingVersionField = "ver";
    public const string PendingStateField = "state";

    /// <summary>
    /// The source of version numbers: every accepted signature version gets the next one (microseconds of Redis
    /// time, never lower than the last), so versions only grow, across tiers and across a Redis restart.
    /// </summary>
    public const string VersionSequence = "aimo:version";

    /// <summary>
    /// Dedup marker: the content hash and tier of the signature last enqueued under this id, with the dedup window
    /// as TTL. Same id + same content + same tier within the window → not enqueued again.
    /// </summary>
    public static string Dedup(string signatureId) => $"aimo:dedup:{signatureId}";

    /// <summary>
    /// The consumer that holds the entries carried by jobs at the provider's Batch API: not a process but the
    /// <c>batch_jobs</c> rows. No recovery pass claims from it (its entries are not idle work, they wait for a job that
    /// may take 24 h); the job poller gives them back when their job ends, and any it holds that no open job carries.
    /// </summary>
    public const string BatchJobsConsumer = "aimo-batch-jobs";

    /// <summary>A worker's heartbeat (expires when the worker stops renewing it). Prefix + consumer name.</summary>
    public const string HeartbeatPrefix = "aimo:worker:alive:";

    public static string Heartbeat(string consumer) => HeartbeatPrefix + consumer;

    /// <summary>
    /// Batches started per stream entry without finishing ("{tier}:{entry id}" → count): what makes an entry
    /// poison. Deferral and holding during an LLM outage do not count.
    /// </summary>
    public const string EntryAttempts = "aimo:attempts";
}
