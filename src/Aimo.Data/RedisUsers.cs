using Aimo.Core;
using Aimo.Core.Signatures;
using Aimo.Data.Admin;
using Aimo.Data.Alerts;
using Aimo.Data.Budget;
using Aimo.Data.Ingest;
using Aimo.Data.Live;
using Aimo.Data.Llm;
using Aimo.Data.Queue;

namespace Aimo.Data;

/// <summary>
/// One service's Redis ACL user: the key patterns (Redis globs) and pub/sub channels it may use, built from the key
/// classes that own the layout, so a new key fails the service's tests until its user may touch it.
/// </summary>
public sealed record RedisUser(string Name, IReadOnlyList<string> Keys, IReadOnlyList<string> Channels)
{
    /// <summary>
    /// Commands: reading and writing data, scripts, pub/sub and transactions; nothing that acts on the server as a whole
    /// (<c>@admin</c>: CONFIG, DEBUG, SHUTDOWN, ACL ...; <c>@dangerous</c>: FLUSHALL, KEYS, MIGRATE ...), and no flushing
    /// or replacing of other clients' scripts and functions. Besides: TIME, which the scripts read their clock from, and
    /// INFO, from which StackExchange.Redis learns the server's version and role.
    /// </summary>
    public const string Commands = "-@all +@connection +@read +@write +@scripting +@pubsub +@transaction -@dangerous -@admin " +
        "-function -script|flush -script|kill +time +info";

    /// <summary>The channel StackExchange.Redis listens on for topology changes; harmless, and refused it logs errors.</summary>
    private const string ClientConfigurationChannel = "__Booksleeve_MasterChanged";

    /// <summary>The ACL rules after the user's name and password (<c>ACL SETUSER</c> / a <c>user</c> line of redis.conf).</summary>
    public string Rules => string.Join(' ', (IEnumerable<string>)
    [
        "resetkeys", .. Keys.Select(k => "~" + k),
        "resetchannels", .. Channels.Append(ClientConfigurationChannel).Select(c => "&" + c),
        Commands,
    ]);
}

/// <summary>The Redis users of the services: what each may touch and nothing else.</summary>
public static class RedisUsers
{
    /// <summary>Enqueueing (ingest, and the operators' requeue from the API and the admin) and reading the backlog.</summary>
    private static readonly string[] Queue =
    [
        .. Enum.GetValues<Tier>().Select(QueueKeys.Stream), QueueKeys.PendingState("*"), QueueKeys.Dedup("*"), QueueKeys.VersionSequence,
    ];

    /// <summary>
    /// The provider's health, shared rate limits (reading them refills the buckets, a write) and how often calls hit
    /// their output cap.
    /// </summary>
    private static readonly string[] LlmStatus = [LlmHealthHash.Key, RateLimitKeys.Buckets("*", "*"), OutputSamples.CountsKey("*")];

    /// <summary>
    /// The upstream-facing API: the queue, the day's budget counters (<c>GET /api/budget</c>, which may seed them) and
    /// the provider's status. Not the budget's leases, the admin's key ring and sign-in state, or the alert claims.
    /// </summary>
    public static readonly RedisUser Ingest = new(ResourceNames.Ingest,
        [.. Queue, BudgetKeys.DayPattern, .. LlmStatus, IngestKeys.RateLimit("*")],
        [BudgetKeys.SettingsChangedChannel, ChangeChannels.Review]);

    /// <summary>
    /// The worker: the queue as its consumer group, the whole budget ledger, the provider's health and limits, and the
    /// output-cap samples it learns from.
    /// </summary>
    public static readonly RedisUser Worker = new(ResourceNames.Worker,
        [.. Queue, QueueKeys.Heartbeat("*"), QueueKeys.EntryAttempts, BudgetKeys.Pattern, .. LlmStatus, OutputSamples.Key("*")],
        [BudgetKeys.SettingsChangedChannel, ChangeChannels.Batches, ChangeChannels.Review]);

    /// <summary>
    /// The admin UI: its own keys (key ring, sign-in throttle), budget alert claims, the backlog and live workers, the day's
    /// budget counters and the provider's status.
    /// </summary>
    public static readonly RedisUser Admin = new(ResourceNames.Admin,
        [AdminKeys.Pattern, BudgetAlertKeys.SentPattern, .. Queue, QueueKeys.Heartbeat("*"), BudgetKeys.DayPattern, .. LlmStatus],
        [BudgetKeys.SettingsChangedChannel, ChangeChannels.Batches, ChangeChannels.Review, BudgetAlertKeys.Channel]);

    public static readonly IReadOnlyList<RedisUser> All = [Ingest, Worker, Admin];
}
