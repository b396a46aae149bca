using Aimo.Core.Signatures;

namespace Aimo.Core.Queue;

/// <summary>
/// The Redis layout shared by ingest (writes), the worker (consumes) and the admin UI (reads).
/// Changing a name here changes it everywhere, so the services can never disagree.
/// </summary>
public static class RedisKeys
{
    /// <summary>
    /// The budget counters of one budget day: a hash of integer micro-USD fields (<see cref="SpentMicrosField"/>,
    /// <see cref="ReservedMicrosField"/>, spent per tier), the count of refused reservations, and
    /// <see cref="SeededField"/> once the day was seeded from PostgreSQL. Changed only by the budget scripts.
    /// </summary>
    public static string BudgetDay(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}";

    /// <summary>Reservations in flight on a budget day: lease id → "estimate|tier|consumer|expires-unix-ms".</summary>
    public static string BudgetLeases(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}:leases";

    /// <summary>Leases converted to spend at their estimate (worker gone or lease expired): lease id → "estimate|tier".</summary>
    public static string BudgetConverted(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}:converted";

    /// <summary>
    /// Leases settled (or released) on a budget day: lease id → actual micro-USD. A settle or reserve retried after a
    /// timeout finds its lease here and changes nothing: each lease is counted once.
    /// </summary>
    public static string BudgetSettled(DateOnly day) => $"aimo:budget:{day:yyyy-MM-dd}:settled";

    public const string SpentMicrosField = "spent_micros";
    public const string ReservedMicrosField = "reserved_micros";
    public const string RefusedField = "refused";
    public const string SeededField = "seeded";

    /// <summary>The day's spend of one tier, e.g. <c>spent_micros:A</c>.</summary>
    public static string TierSpentMicrosField(Tier tier) => $"spent_micros:{tier}";

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

    /// <summary>
    /// The LLM provider's health as the workers see it (a hash shared by every replica): state, since, last error,
    /// consecutive failed batches, next probe time, and the model and its price. Its fields and the scripts that
    /// change them are <c>Aimo.Data.Llm.LlmHealthHash</c>'s, next to its writer's and reader's other Redis code.
    /// </summary>
    public const string LlmHealth = "aimo:llm:health";

    /// <summary>
    /// Pub/sub channel on which a worker announces a committed batch (or reused results and review items without one):
    /// a small JSON hint (<c>{"tier":"A","classified":12,"reviews":1}</c>). Open admin pages reload on it instead of
    /// polling PostgreSQL; a lost message only delays a page until the next one.
    /// </summary>
    public const string BatchesChangedChannel = "aimo:events:batches";

    /// <summary>Pub/sub channel on which review items are announced: written by a worker or acted on by an operator.</summary>
    public const string ReviewChangedChannel = "aimo:events:review";

    /// <summary>Pub/sub channel on which an admin replica announces a budget alert it has just claimed (JSON).</summary>
    public const string BudgetAlertChannel = "aimo:events:budget-alert";

    /// <summary>
    /// The claim of one budget alert (a threshold on a budget day): set once with NX by the admin replica that sends it,
    /// so the alert goes out once per day per threshold however many replicas watch and however often they restart.
    /// </summary>
    public static string BudgetAlertSent(DateOnly day, string threshold) => $"aimo:budget-alert:{day:yyyy-MM-dd}:{threshold}";

    /// <summary>
    /// The rate limits of one provider account and model, shared by every worker replica: a request bucket and a token
    /// bucket that refill continuously over a minute, as OpenAI's do. Fields: the limits the provider announced
    /// (<see cref="RateLimitHeaderLimitField"/>) and configured (<see cref="RateLimitConfiguredLimitField"/>), each bucket's level (<see cref="RateLimitLevelField"/>, may go negative
    /// while calls wait their turn), the time of the last refill (<see cref="RateLimitAtField"/>, Redis ms) and the
    /// running total charged (<see cref="RateLimitChargedField"/>). Changed only by the rate-limit scripts.
    /// </summary>
    public static string RateLimit(string provider, string model) => $"aimo:ratelimit:{provider}|{model}";

    /// <summary>Prefix of the bucket fields: <c>r</c> for requests, <c>t</c> for tokens (e.g. <c>r_level</c>).</summary>
    public const string RateLimitRequestsPrefix = "r";
    public const string RateLimitTokensPrefix = "t";

    /// <summary>Per bucket (after its prefix and '_'): the limit per minute the provider's headers announced.</summary>
    public const string RateLimitHeaderLimitField = "header_limit";
    /// <summary>Per bucket: the limit per minute the workers' configuration sets (0 = none).</summary>
    public const string RateLimitConfiguredLimitField = "config_limit";
    /// <summary>Per bucket: units left; absent while the limit is unknown.</summary>
    public const string RateLimitLevelField = "level";
    /// <summary>Per bucket: units charged since the key was created (a call's mark is this total after its charge).</summary>
    public const string RateLimitChargedField = "charged";
    /// <summary>When the buckets were last refilled (Redis time, ms).</summary>
    public const string RateLimitAtField = "at";
}
