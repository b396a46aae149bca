using Aimo.Core.Signatures;

namespace Aimo.Core.Queue;

/// <summary>
/// The Redis layout shared by ingest (writes), the worker (consumes) and the admin UI (reads).
/// Changing a name here changes it everywhere, so the services can never disagree.
/// </summary>
public static class RedisKeys
{
    /// <summary>The consumer group every worker replica joins on each tier stream.</summary>
    public const string ConsumerGroup = "aimo-workers";

    /// <summary>Stream of queued signatures of one tier (<c>aimo:queue:A</c>, ...).</summary>
    public static string Stream(Tier tier) => $"aimo:queue:{tier}";

    /// <summary>
    /// State of a signature that is in the queue but has no final result yet: a string holding
    /// "queued" (set by ingest) or "deferred" (set by the worker when the budget holds tier C back).
    /// The worker deletes it once the result is committed to Postgres. Expires with the dedup window.
    /// </summary>
    public static string PendingState(string signatureId) => $"aimo:pending:{signatureId}";

    /// <summary>
    /// Dedup marker: the content hash of the signature last enqueued under this id, with the dedup
    /// window as TTL. Same id + same hash within the window → not enqueued again.
    /// </summary>
    public static string Dedup(string signatureId) => $"aimo:dedup:{signatureId}";

    /// <summary>
    /// The budget counters of one budget day: a hash with integer fields <see cref="SpentMicrosField"/>
    /// and <see cref="ReservedMicrosField"/> in micro-USD (1e-6 USD), so reservations are atomic HINCRBYs.
    /// </summary>
    public static string BudgetDay(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}";

    public const string SpentMicrosField = "spent_micros";
    public const string ReservedMicrosField = "reserved_micros";

    /// <summary>Pub/sub channel on which a settings change is announced so workers reload at once.</summary>
    public const string SettingsChangedChannel = "aimo:settings-changed";

    /// <summary>The admin UI's data-protection key ring (sign-in cookies, antiforgery), shared by every replica.</summary>
    public const string AdminDataProtectionKeys = "aimo:admin:data-protection-keys";

    /// <summary>Prefix of every sign-in throttle key of the admin UI.</summary>
    public const string SignInThrottlePrefix = "aimo:admin:signin:";

    /// <summary>
    /// Recent sign-in attempts of one subject (<c>account:&lt;hash&gt;</c> or <c>address:&lt;hash&gt;</c>): an integer
    /// that expires a window after the last attempt. Successful attempts are taken back off the count.
    /// </summary>
    public static string SignInAttempts(string subject) => $"{SignInThrottlePrefix}{subject}:attempts";

    /// <summary>Present (with a TTL) while the subject must wait before its next sign-in attempt.</summary>
    public static string SignInLock(string subject) => $"{SignInThrottlePrefix}{subject}:lock";
}

/// <summary>Field names of a stream entry in <see cref="RedisKeys.Stream"/>.</summary>
public static class QueueFields
{
    /// <summary>The <see cref="Signature"/> as JSON (<c>AimoJson.Options</c>).</summary>
    public const string Signature = "sig";
    /// <summary><see cref="SignatureId.ContentHash"/> of the signature.</summary>
    public const string ContentHash = "hash";
    /// <summary>When it was enqueued, ISO 8601 UTC.</summary>
    public const string EnqueuedAt = "at";
    /// <summary>Why it was enqueued: "ingest" or "requeue" (an operator sent it back from review).</summary>
    public const string Origin = "origin";
}
